// The event topic a firmware project publishes on is part of the wire contract, and the hub lets a device
// write its own (a refused publish makes aedes close the device's connection, so a refusal here would put
// the door sensor into a reconnect loop against espkit hub).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTopic, topic } from '../../core/wire/push.ts';
import { mayPublish, maySubscribe } from '../../host/hub/acl.ts';

test('a device writes its own event topic, not another device\'s, and nobody subscribes to it but the admin', () => {
  const door = { role: 'device' as const, device: 'door1' };
  assert.deepEqual(parseTopic('espkit', 'espkit/door1/event'), { device: 'door1', kind: 'event' });
  assert.equal(topic('espkit', 'door1', 'event'), 'espkit/door1/event');
  assert.equal(mayPublish(door, 'espkit/door1/event', 'espkit'), true);
  assert.equal(mayPublish(door, 'espkit/door2/event', 'espkit'), false);
  assert.equal(mayPublish(door, 'espkit/all/event', 'espkit'), false);
  assert.equal(maySubscribe(door, 'espkit/door1/event', 'espkit'), false);
  assert.equal(maySubscribe({ role: 'admin' }, 'espkit/+/event', 'espkit'), true);
});
