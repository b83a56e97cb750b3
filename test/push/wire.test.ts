// The wire contract's pure parts: ids, topics, shards, push bodies, statuses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  broadcastTopics, checkDeviceId, deviceIdFromMac, isExpired, makePush, parsePush, parseReceipt, parseStatus, parseTopic, shardOf,
} from '../../core/wire/push.ts';
import { UsageError } from '../../core/errors.ts';

test('device ids: the MAC default, and what is refused', () => {
  assert.equal(deviceIdFromMac('24:0a:c4:12:34:56'), 'esp32-123456');
  assert.equal(deviceIdFromMac('24-0A-C4-AB-CD-EF'), 'esp32-abcdef');
  assert.throws(() => deviceIdFromMac('24:0a:c4'), /not a MAC address/);
  assert.equal(checkDeviceId('esp32-123456'), 'esp32-123456');
  for (const bad of ['all', 'ESP32', 'a/b', 'a+b', '#', '', 'x'.repeat(33), '-lead']) {
    assert.throws(() => checkDeviceId(bad), (e: unknown) => e instanceof UsageError && e.code === 2, bad);
  }
});

test('topics parse back into device and kind, and nothing else does', () => {
  assert.deepEqual(parseTopic('espkit', 'espkit/esp32-123456/receipt'), { device: 'esp32-123456', kind: 'receipt' });
  assert.deepEqual(parseTopic('espkit', 'espkit/all/push'), { device: 'all', kind: 'push' });
  assert.deepEqual(parseTopic('espkit', 'espkit/all/7/push'), { device: 'all', kind: 'push', shard: 7 });
  assert.deepEqual(parseTopic('lab/espkit', 'lab/espkit/dev-1/status'), { device: 'dev-1', kind: 'status' });
  for (const t of ['espkit/all/status', 'espkit/x/other', 'other/x/push', 'espkit/a/b/push', 'espkit/all/x/push', 'espkit/+/push']) {
    assert.equal(parseTopic('espkit', t), undefined, t);
  }
});

test('shards: stable, in range, and spread evenly over a fleet of MAC-style ids', () => {
  assert.equal(shardOf('esp32-123456', 16), shardOf('esp32-123456', 16));
  const counts = new Array<number>(16).fill(0);
  for (let i = 0; i < 19_800; i++) counts[shardOf(`esp32-${(0x100000 + i * 7919).toString(16).slice(-6)}`, 16)]!++;
  const mean = 19_800 / 16;
  for (const c of counts) assert.ok(Math.abs(c - mean) < mean * 0.15, `shard sizes ${counts.join(',')}`);
  assert.deepEqual(broadcastTopics('espkit', 2), ['espkit/all/push', 'espkit/all/0/push', 'espkit/all/1/push']);
  assert.deepEqual(broadcastTopics('espkit', 0), ['espkit/all/push']);
});

test('FNV-1a matches the published test vectors', () => {
  // http://www.isthe.com/chongo/tech/comp/fnv/ test vectors: fnv1a32("a") = 0xe40c292c, fnv1a32("foobar") = 0xbf9cf968
  assert.equal(shardOf('a', 2 ** 32 - 1), 0xe40c292c % (2 ** 32 - 1));
  assert.equal(shardOf('foobar', 2 ** 32 - 1), 0xbf9cf968 % (2 ** 32 - 1));
});

test('push bodies: limits, ttl and expiry', () => {
  const p = makePush('hello', { ttl: 60, now: 1_000_000 });
  assert.match(p.id, /^[0-9a-f]{12}$/);
  assert.deepEqual({ msg: p.msg, ts: p.ts, ttl: p.ttl }, { msg: 'hello', ts: 1_000_000, ttl: 60 });
  assert.deepEqual(parsePush(JSON.stringify(p)), p);
  assert.equal(isExpired(p, 1_000_000 + 60_000), false);
  assert.equal(isExpired(p, 1_000_000 + 60_001), true);
  assert.equal(isExpired({ ...p, ttl: 0 }, Number.MAX_SAFE_INTEGER), false);
  assert.equal(makePush('é'.repeat(100)).msg.length, 100, 'the limit counts characters, not bytes');
  assert.throws(() => makePush('x'.repeat(101)), /101 characters, over the limit of 100/);
  assert.throws(() => makePush(''), /empty/);
  assert.throws(() => makePush('x', { ttl: -1 }), /ttl/);
  assert.equal(makePush('x'.repeat(150), { maxLength: 200 }).msg.length, 150);
  assert.equal(parsePush('not json'), undefined);
  assert.equal(parsePush('{"id":1,"msg":"x","ts":1,"ttl":1}'), undefined);
  assert.deepEqual(parseReceipt('{"id":"abc","at":5}'), { id: 'abc', at: 5 });
  assert.equal(parseReceipt('[]'), undefined);
});

test('statuses: plain words and JSON', () => {
  assert.deepEqual(parseStatus('online'), { online: true, info: {} });
  assert.deepEqual(parseStatus('offline'), { online: false, info: {} });
  assert.equal(parseStatus('{"status":"online","fw":"1.2","ip":"10.0.0.5"}')?.info.fw, '1.2');
  assert.equal(parseStatus('{"online":false}')?.online, false);
  assert.equal(parseStatus('{"state":"online"}')?.online, true);
  assert.equal(parseStatus('{"fw":"1.2"}'), undefined);
  assert.equal(parseStatus(''), undefined);
  assert.equal(parseStatus('garbage'), undefined);
});
