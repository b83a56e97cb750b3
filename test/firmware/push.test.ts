// Push handling on the device (firmware/src/push.ts): parse, deduplicate, expire, deliver, receipt. How the
// device counts the characters of a message ("€", "Tür", emoji) is tested on the real interpreter, where
// JSON.parse makes the strings it counts: test/firmware/real/push-length.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PushInbox, parsePush, type Push } from '../../firmware/src/push.ts';

// Espruino's E.toUint8Array of a Unicode string gives its UTF-8, as Buffer does here
(globalThis as Record<string, unknown>).E = { toUint8Array: (s: string) => new Uint8Array(Buffer.from(s, 'utf8')) };

const NOW = Date.UTC(2026, 0, 1);

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
  assert.equal(box.handle(JSON.stringify({ ...old, id: 'old2' }), 5000), 'delivered');
  assert.equal(box.handle(JSON.stringify({ ...old, id: 'old3', ttl: 0 }), NOW), 'delivered', 'ttl 0 never expires');
  assert.equal(box.handle(JSON.stringify({ ...old, id: 'old4', ttl: 121 }), NOW), 'delivered');
  assert.equal(box.handle(JSON.stringify({ ...old, id: 'old5', ts: 0 }), NOW), 'delivered', 'without the sender\'s time');
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

test('the message limit counts characters: 100 are taken, 101 are not', () => {
  assert.equal(typeof parsePush(JSON.stringify({ id: 'u', msg: 'x'.repeat(100), ts: 1, ttl: 0 }), 100), 'object');
  assert.equal(typeof parsePush(JSON.stringify({ id: 'u', msg: '€'.repeat(100), ts: 1, ttl: 0 }), 100), 'object');
  assert.equal(parsePush(JSON.stringify({ id: 'u', msg: '€'.repeat(101), ts: 1, ttl: 0 }), 100), 'msg longer than 100');
});

test('missing ts or ttl mean "no expiry", and only 32 ids are remembered', () => {
  assert.deepEqual(parsePush('{"id":"k","msg":"m"}', 100), { id: 'k', msg: 'm', ts: 0, ttl: 0 });
  const { box, seen } = inbox();
  for (let i = 0; i < 33; i++) box.handle(JSON.stringify({ id: `p${i}`, msg: 'm' }), NOW);
  assert.equal(box.handle(JSON.stringify({ id: 'p0', msg: 'm' }), NOW), 'delivered', 'p0 was forgotten');
  assert.equal(box.handle(JSON.stringify({ id: 'p32', msg: 'm' }), NOW), 'duplicate');
  assert.equal(seen.delivered.length, 34);
});
