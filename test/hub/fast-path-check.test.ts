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

test('a fast path that delivers other bytes is caught, and one that finds other internals too', async () => {
  // a path that works but changes one byte of what it sends
  const corrupting = (client: Client): boolean => {
    const c = client as unknown as { conn: { write(b: Buffer): boolean } };
    const write = c.conn.write.bind(c.conn);
    c.conn.write = (b: Buffer) => write(b[0] === 0x32 ? Buffer.concat([b.subarray(0, b.length - 1), Buffer.from('!')]) : b);
    return useFastDelivery(client);
  };
  assert.match((await compareDeliveries(undefined, corrupting)) ?? '', /different bytes/);
  assert.match((await compareDeliveries(undefined, () => false)) ?? '', /not the one the fast path knows/);
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
