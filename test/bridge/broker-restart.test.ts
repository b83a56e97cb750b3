// The bridge loses no line through a broker restart: lines that arrive while the broker is away wait in
// the on-disk queue and are published, in order, once it is back. Run against aedes in-process and
// against Debian's mosquitto. The board end is a raw TCP serial port (socket://) driven by the test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { BoardConnection } from '../../host/monitor/board-connection.ts';
import { SerialBridge } from '../../host/bridge/bridge.ts';
import { restartableAedes, restartableMosquitto, MOSQUITTO, type RestartableBroker } from './brokers.ts';
import { SerialPeer } from './serial-peer.ts';
import { waitFor } from './wait.ts';

const DEVICE = 'esp32-abcdef';

async function noLineLost(broker: RestartableBroker): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'espkit-bridge-'));
  const peer = await SerialPeer.start();
  const received: string[] = [];
  // A watcher with a persistent session, so that what the bridge sends right after the restart waits
  // for it even if the bridge reconnects first.
  const watcher = mqtt.connect(broker.url, { clientId: `watcher-${process.pid}`, clean: false, reconnectPeriod: 100 });
  watcher.on('message', (_t, payload) => received.push(payload.toString()));
  await new Promise<void>((resolve, reject) => watcher.once('connect', () => watcher.subscribe(`espkit/${DEVICE}/serial`, { qos: 1 }, (err) => (err ? reject(err) : resolve()))));
  const connection = await BoardConnection.open(peer.name, { retryMs: 100 });
  const bridge = new SerialBridge(connection, {
    broker: { url: broker.url },
    device: DEVICE,
    prefix: 'espkit',
    queueFile: join(dir, `${DEVICE}.queue`),
    reconnectMs: 200,
  });
  const notes: string[] = [];
  bridge.on('note', (n) => notes.push(n));
  const has = (n: number): boolean => received.includes(`line ${n}`);
  try {
    await peer.whenConnected();
    await waitFor(() => bridge.connected, 'the bridge to reach the broker');
    for (let i = 0; i < 100; i++) peer.send(`line ${i}\r\n`);
    await waitFor(() => has(99), 'the first 100 lines');

    await broker.stop();
    await waitFor(() => !bridge.connected, 'the bridge to notice the broker is gone');
    for (let i = 100; i < 200; i++) peer.send(`line ${i}\r\n`);
    await waitFor(() => bridge.queue.length === 100, 'the lines to be queued on disk');

    await broker.start();
    await waitFor(() => has(199), 'the queued lines after the restart');
    for (let i = 200; i < 250; i++) peer.send(`line ${i}\r\n`);
    await waitFor(() => has(249), 'the lines after the restart');

    // At least once, in order: with duplicates (if any) removed, exactly lines 0..249.
    const firsts = received.filter((l, i) => received.indexOf(l) === i);
    assert.deepEqual(firsts, Array.from({ length: 250 }, (_, i) => `line ${i}`));
    assert.equal(bridge.stats.queued, 100);
    assert.equal(bridge.stats.dropped, 0);
    assert.ok(notes.some((n) => /^lost the broker/.test(n)), notes.join(' | '));
    assert.ok(notes.some((n) => /^back on the broker .*sending 100 queued lines/.test(n)), notes.join(' | '));
  } finally {
    await bridge.close();
    await connection.close();
    await new Promise<void>((resolve) => watcher.end(true, {}, () => resolve()));
    await peer.close();
    await broker.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

test('no line is lost through an aedes restart', async () => {
  await noLineLost(await restartableAedes());
});

test('no line is lost through a mosquitto restart', { skip: MOSQUITTO ? false : 'mosquitto is not installed' }, async () => {
  await noLineLost(await restartableMosquitto());
});
