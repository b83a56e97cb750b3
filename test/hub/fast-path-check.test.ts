// The hub's fast delivery path is used only when, at start-up, it delivers what aedes' own path delivers
// (host/hub/fast-path-check.ts); ESPKIT_HUB_FAST=0 and `espkit hub --no-fast-path` switch it off, and the
// hub says which path it uses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from 'aedes';
import { chooseDeliveryPath, compareDeliveries, withIdsInOrder } from '../../host/hub/fast-path-check.ts';
import { useFastDelivery } from '../../host/hub/fast-delivery.ts';
import { startHub } from '../../host/hub/hub.ts';
import { background, run } from '../helpers/cli-process.ts';

test('the check passes on the pinned aedes, and off means aedes\' own path without a check', async () => {
  const on = await chooseDeliveryPath(true);
  assert.deepEqual(on.path, 'fast', on.reason);
  const off = await chooseDeliveryPath(false);
  assert.equal(off.path, 'aedes');
  assert.match(off.reason, /ESPKIT_HUB_FAST=0/);
});

/** A generous bound for a check the test expects to finish (the hub's own is 15 s). */
const bound = (): AbortSignal => AbortSignal.timeout(60_000);

/** Whether `b` is exactly one QoS 1 PUBLISH (MQTT 3.1.1 section 2.2: type byte, remaining length, the rest). */
function isWholePublish(b: Buffer): boolean {
  if (b[0] !== 0x32) return false;
  let length = 0;
  for (let i = 1, shift = 0; i < b.length && i < 5; i++, shift += 7) {
    length += (b[i]! & 0x7f) * 2 ** shift;
    if ((b[i]! & 0x80) === 0) return i + 1 + length === b.length;
  }
  return false;
}

/**
 * A path that works but hands each PUBLISH it writes to `change` first. Only whole packets: aedes' own path
 * (mqtt-packet) writes each packet in pieces, and a piece may begin with the PUBLISH type byte too (a SUBACK's
 * packet id 0x32nn, one time in 256 since mqtt.js starts its ids at random); changing that broke the SUBACK,
 * and the check, with no deadline then, waited for it for ever.
 */
function rewriting(change: (packet: Buffer) => Buffer | undefined): (client: Client) => boolean {
  return (client) => {
    const c = client as unknown as { conn: { write(b: Buffer): boolean } };
    const write = c.conn.write.bind(c.conn);
    c.conn.write = (b: Buffer) => {
      if (!isWholePublish(b)) return write(b);
      const out = change(b);
      return out === undefined ? true : write(out);
    };
    return useFastDelivery(client);
  };
}

/** Runs `fn` with mqtt.js starting its packet ids at `id` (it takes Math.floor(Math.random() * 65535)). */
async function withFirstPacketId<T>(id: number, fn: () => Promise<T>): Promise<T> {
  const random = Math.random;
  Math.random = () => (id + 0.5) / 65535;
  try {
    return await fn();
  } finally {
    Math.random = random;
  }
}

test('a fast path that delivers other bytes is caught, and one that finds other internals too', async () => {
  // one that changes the last byte of what it sends
  const corrupting = rewriting((b) => Buffer.concat([b.subarray(0, b.length - 1), Buffer.from('!')]));
  assert.match((await compareDeliveries(bound(), corrupting)) ?? '', /different bytes/);
  // the SUBACK's packet id begins with the PUBLISH type byte: the rewriting path must leave it alone
  assert.match((await withFirstPacketId(0x3210, () => compareDeliveries(bound(), corrupting))) ?? '', /different bytes/);
  assert.match((await compareDeliveries(bound(), () => false)) ?? '', /not the one the fast path knows/);
});

test('a check whose peer never gets a message ends at its deadline with aedes\' own path, saying why', async () => {
  // the fast path's client never receives the first message, so the check waits for a delivery that never comes
  const swallowing = rewriting(() => undefined);
  const chosen = await chooseDeliveryPath(true, { install: swallowing, deadlineMs: 500 });
  assert.equal(chosen.path, 'aedes');
  // (under load the deadline may find it at an earlier step: the outcome is the same)
  assert.match(chosen.reason, /start-up check failed \(it did not finish within 0\.5 s, while /);
});

test('an abort ends a check that waits, with the abort\'s reason', async () => {
  const stop = new AbortController();
  // aborted as the message is swallowed: the check is then waiting for that delivery
  const swallowing = rewriting(() => {
    setImmediate(() => stop.abort(new Error('stopped while waiting')));
    return undefined;
  });
  await assert.rejects(compareDeliveries(stop.signal, swallowing), /stopped while waiting/);
  await assert.rejects(compareDeliveries(stop.signal), /stopped while waiting/, 'an aborted signal ends the check before it starts');
});

test('packet ids are compared by their order, not their values', () => {
  const publish = (id: number): Buffer => Buffer.from([0x32, 0x06, 0x00, 0x01, 0x74, id >> 8, id & 0xff, 0x78]);
  const ack = (id: number): Buffer => Buffer.from([0x90, 0x03, id >> 8, id & 0xff, 0x01]);
  const a = withIdsInOrder(Buffer.concat([ack(77), publish(1000), publish(1001)]));
  const b = withIdsInOrder(Buffer.concat([ack(3), publish(40000), publish(40001)]));
  assert.ok(a.equals(b));
  assert.ok(!withIdsInOrder(Buffer.concat([publish(5), publish(5)])).equals(withIdsInOrder(Buffer.concat([publish(5), publish(6)]))), 'a redelivery stays visible');
});

test('startHub with fastPath false delivers through aedes and says so', async () => {
  const hub = await startHub({ host: '127.0.0.1', mqttPort: 0, httpPort: 0, fastPath: false });
  try {
    assert.equal(hub.broker.delivery.path, 'aedes');
  } finally {
    await hub.close();
  }
});

test('espkit hub --no-fast-path names aedes\' own path in its start-up lines; a bad port is one line and exit 2', async () => {
  const data = mkdtempSync(join(tmpdir(), 'espkit-hub-fast-'));
  const args = ['hub', '--data', data, '--host', '127.0.0.1', '--mqtt-port', '0', '--http-port', '0', '--memory'];
  try {
    const bad = await run([...args, '--mqtt-port', 'x'], { env: process.env });
    assert.equal(bad.code, 2, 'a bad port is a usage error');
    assert.match(bad.stderr, /^error: option '--mqtt-port <n>' argument 'x' is invalid\. a TCP port is a whole number from 0 to 65535\n/);
    const hub = background([...args, '--no-fast-path'], { env: process.env });
    try {
      const [line] = await hub.waitFor(/delivery +.*\n/);
      assert.match(line, /delivery +aedes' own path: .*--no-fast-path/);
    } finally {
      const code = await hub.stop();
      assert.equal(code, 0, `${hub.output}\n(ended by ${hub.child.signalCode ?? 'exit'})`);
    }
  } finally {
    rmSync(data, { recursive: true, force: true });
  }
});
