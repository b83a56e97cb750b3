// Push handling on the device (firmware/src/push.ts): parse, deduplicate, expire, deliver, receipt.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PushInbox, parsePush, charCount, isExpired, type Push } from '../../firmware/src/push.ts';

const NOW = Date.UTC(2026, 0, 1);
/** A UTF-8 payload as the device sees it: one char per byte. */
const bytes = (s: string): string => Buffer.from(s, 'utf8').toString('latin1');

function inbox(maxMessage = 100) {
  const seen = { delivered: [] as Push[], receipts: [] as string[], dropped: [] as string[] };
  const box = new PushInbox(maxMessage, {
    deliver: (p) => seen.delivered.push(p),
    receipt: (id) => seen.receipts.push(id),
    dropped: (id, reason) => seen.dropped.push(`${id} ${reason}`),
  });
  return { box, seen };
}

test('a push is delivered once and acknowledged; a repeat gets its receipt again but no delivery', () => {
  const { box, seen } = inbox();
  const payload = JSON.stringify({ id: 'a1b2', msg: 'hello', ts: NOW - 1000, ttl: 60 });
  assert.equal(box.handle(payload, NOW), 'delivered');
  assert.equal(box.handle(payload, NOW), 'duplicate');
  assert.deepEqual(seen.delivered, [{ id: 'a1b2', msg: 'hello', ts: NOW - 1000, ttl: 60 }]);
  assert.deepEqual(seen.receipts, ['a1b2', 'a1b2']);
  assert.deepEqual(seen.dropped, ['a1b2 duplicate']);
});

test('a push past its ttl is dropped without a receipt, but only once the clock is set', () => {
  const { box, seen } = inbox();
  const old = { id: 'old', msg: 'late', ts: NOW - 120_000, ttl: 60 };
  assert.equal(box.handle(JSON.stringify(old), NOW), 'expired');
  assert.deepEqual(seen.receipts, []);
  assert.deepEqual(seen.dropped, ['old expired']);
  // a board whose clock still counts from 1970 cannot judge age: it delivers
  assert.equal(isExpired(old, 5000), false);
  assert.equal(isExpired({ ...old, ttl: 0 }, NOW), false, 'ttl 0 never expires');
  assert.equal(isExpired({ ...old, ttl: 121 }, NOW), false);
});

test('garbage is dropped with a reason and nothing else', () => {
  const { box, seen } = inbox();
  const cases: Array<[string, RegExp]> = [
    ['not json {', /not JSON/],
    ['42', /not an object/],
    ['null', /not an object/],
    [JSON.stringify({ msg: 'no id' }), /bad id/],
    [JSON.stringify({ id: '', msg: 'x' }), /bad id/],
    [JSON.stringify({ id: 'x'.repeat(65), msg: 'x' }), /bad id/],
    [JSON.stringify({ id: 'n1', msg: 5 }), /bad msg/],
    [JSON.stringify({ id: 'n2', msg: 'y'.repeat(101) }), /msg longer than 100/],
  ];
  for (const [payload, why] of cases) assert.match(box.handle(payload, NOW), why, payload);
  assert.deepEqual(seen.delivered, []);
  assert.deepEqual(seen.receipts, []);
  assert.equal(seen.dropped.length, cases.length);
  assert.equal(seen.dropped[7], 'n2 msg longer than 100', 'the id is named when it can be read');
});

test('message length counts characters of UTF-8, not bytes', () => {
  const msg = bytes('ü'.repeat(100));
  assert.equal(msg.length, 200);
  assert.equal(charCount(msg), 100);
  assert.equal(charCount(bytes('😀 ok')), 4);
  const ok = parsePush(bytes(JSON.stringify({ id: 'u', msg: 'ü'.repeat(100), ts: 1, ttl: 0 })), 100);
  assert.equal(typeof ok, 'object');
  assert.equal(parsePush(bytes(JSON.stringify({ id: 'u', msg: 'ü'.repeat(101), ts: 1, ttl: 0 })), 100), 'msg longer than 100');
});

test('missing ts or ttl mean "no expiry", and only 32 ids are remembered', () => {
  assert.deepEqual(parsePush('{"id":"k","msg":"m"}', 100), { id: 'k', msg: 'm', ts: 0, ttl: 0 });
  const { box, seen } = inbox();
  for (let i = 0; i < 33; i++) box.handle(JSON.stringify({ id: `p${i}`, msg: 'm' }), NOW);
  assert.equal(box.handle(JSON.stringify({ id: 'p0', msg: 'm' }), NOW), 'delivered', 'p0 was forgotten');
  assert.equal(box.handle(JSON.stringify({ id: 'p32', msg: 'm' }), NOW), 'duplicate');
  assert.equal(seen.delivered.length, 34);
});
