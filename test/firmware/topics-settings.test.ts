// Topics, broadcast shards and settings on the device agree with the host's side of the contract (in V8;
// test/firmware/real/ runs the same parsing on the real interpreter).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { topicsFor, shardOf } from '../../firmware/src/topics.ts';
import { resolveSettings, parseBroker, deviceIdFromMac } from '../../firmware/src/settings.ts';
import { shardOf as hostShardOf, topic, broadcastTopic, shardTopic, deviceIdFromMac as hostDeviceId } from '../../core/wire/push.ts';
import { FIRMWARE_VERSION } from '../../firmware/src/version.ts';
import { readFileSync } from 'node:fs';

test('the device computes the same broadcast shard as the host, without Math.imul', () => {
  const ids = ['esp32-123456', 'esp32-000000', 'esp32-ffffff', 'a', 'kitchen_door-2'];
  for (let i = 0; i < 300; i++) ids.push(`esp32-${(i * 2654435761 % 16777216).toString(16).padStart(6, '0')}`);
  for (const id of ids) for (const shards of [1, 7, 16, 1000]) assert.equal(shardOf(id, shards), hostShardOf(id, shards), `${id} / ${shards}`);
});

test('topics follow the wire contract', () => {
  const t = topicsFor('espkit', 'esp32-123456', 0);
  assert.equal(t.push, topic('espkit', 'esp32-123456', 'push'));
  assert.equal(t.receipt, topic('espkit', 'esp32-123456', 'receipt'));
  assert.equal(t.status, topic('espkit', 'esp32-123456', 'status'));
  assert.equal(t.broadcast, broadcastTopic('espkit'));
  assert.equal(topicsFor('lab/espkit', 'esp32-123456', 16).broadcast, shardTopic('lab/espkit', hostShardOf('esp32-123456', 16)));
});

test('settings: defaults, the MAC-derived id, and broker URLs', () => {
  assert.equal(deviceIdFromMac('24:0a:c4:12:34:56'), 'esp32-123456');
  assert.equal(deviceIdFromMac('24:0A:C4:AB:CD:EF'), hostDeviceId('24:0A:C4:AB:CD:EF'));
  const s = resolveSettings({ ssid: 'lab', wifiPassword: 'pw123456', broker: 'mqtt://10.0.0.2:1884' }, '24:0a:c4:12:34:56');
  assert.equal(s.device, 'esp32-123456');
  assert.equal(s.prefix, 'espkit');
  assert.equal(s.host, '10.0.0.2');
  assert.equal(s.port, 1884);
  assert.equal(s.keepalive, 30);
  assert.equal(s.maxMessage, 100);
  assert.equal(s.shards, 0);
  assert.equal(resolveSettings({ device: 'door', keepalive: 5, prefix: 'p' }, '').device, 'door');
  assert.deepEqual(parseBroker('mqtt://broker.local'), { host: 'broker.local', port: 1883 });
  assert.deepEqual(parseBroker('mqtt://u:p%40ss@h:1884/'), { host: 'h', port: 1884, user: 'u', password: 'p@ss' });
  for (const bad of ['mqtts://h:8883', 'http://h', 'mqtt://h:0', 'mqtt://h:70000', 'h:1883', 'mqtt://', 'mqtt://h:']) assert.equal(typeof parseBroker(bad), 'string', bad);
  assert.equal(resolveSettings({ broker: 'nonsense' }, '').host, '', 'a bad URL leaves the broker unset');
  assert.match(resolveSettings({ broker: 'mqtts://h:8883' }, '').brokerProblem ?? '', /TLS/);
  const login = resolveSettings({ broker: 'mqtt://a:b@h', brokerUser: 'dev' }, '');
  assert.deepEqual([login.brokerUser, login.brokerPassword], ['dev', 'b'], 'a separate login wins over the URL\'s');
});

test('the firmware version is the package version', () => {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  assert.equal(FIRMWARE_VERSION, pkg.version);
});
