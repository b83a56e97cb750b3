// The bridge loses no line through a broker restart: the virtual board running Espruino prints numbered lines
// from a timer the whole time; lines that arrive while the broker is away wait in the on-disk queue and are
// published, in order, once it is back. Run against aedes in-process, Debian's mosquitto and the espkit hub.
// A subscriber with a persistent session gets every line; the order is checked where the broker receives
// them (aedes, the hub), because a broker may interleave a resumed session's backlog with live messages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { startBoard } from '../../sim/index.ts';
import { BoardConnection } from '../../host/monitor/board-connection.ts';
import { SerialBridge } from '../../host/bridge/bridge.ts';
import { restartableAedes, restartableHub, restartableMosquitto, MOSQUITTO, type RestartableBroker } from './brokers.ts';
import { waitFor } from './wait.ts';

const FAST = { pacing: false, installEspruino: true, application: { timing: { bootDelayMs: 5 } } };

async function noLineLost(broker: RestartableBroker): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'espkit-bridge-'));
  const board = await startBoard(FAST);
  const device = board.deviceId;
  const received: string[] = [];
  // A watcher with a persistent session, so that what the bridge sends right after the restart waits
  // for it even if the bridge reconnects first.
  const watcher = mqtt.connect(broker.url, { clientId: `watcher-${process.pid}`, clean: false, reconnectPeriod: 100 });
  watcher.on('message', (_t, payload) => received.push(payload.toString()));
  await new Promise<void>((resolve, reject) => watcher.once('connect', () => watcher.subscribe(`espkit/${device}/serial`, { qos: 1 }, (err) => (err ? reject(err) : resolve()))));
  await board.waitForOutput(/Donate\r\n\r\n>$/);
  const connection = await BoardConnection.open(board.ports.socket, { retryMs: 100 });
  const bridge = new SerialBridge(connection, { broker: { url: broker.url }, device, prefix: 'espkit', queueFile: join(dir, 'q'), reconnectMs: 200 });
  const notes: string[] = [];
  bridge.on('note', (n) => notes.push(n));
  // A line printed while a command is being typed follows the prompt: ">line 7".
  const numbered = (): number[] => received.map((l) => /^>?line (\d+)$/.exec(l)).filter((m) => m !== null).map((m) => Number(m[1]));
  const lastLine = (): RegExpExecArray | undefined => received.map((l) => /^>?last (\d+)$/.exec(l)).find((m) => m !== null) ?? undefined;
  try {
    await waitFor(() => bridge.connected, 'the bridge to reach the broker');
    connection.write('\x10var n=0,iv=setInterval(function(){print("line "+(n++));},5)\n');
    await waitFor(() => numbered().length >= 50, 'lines before the restart');

    await broker.stop();
    await waitFor(() => !bridge.connected, 'the bridge to notice the broker is gone');
    await waitFor(() => bridge.queue.length >= 50, 'lines to be queued on disk');
    await broker.start();
    await waitFor(() => bridge.connected, 'the bridge to be back');
    const queued = bridge.stats.queued;
    await waitFor(() => bridge.stats.published >= queued + 50, 'lines after the restart');
    connection.write('\x10clearInterval(iv);print("last "+(n-1))\n');
    await waitFor(() => lastLine() !== undefined, 'the last line');
    const last = Number(lastLine()![1]);

    // Every line reached the subscriber (at least once).
    const all = Array.from({ length: last + 1 }, (_, i) => i);
    assert.deepEqual([...new Set(numbered())].sort((a, b) => a - b), all);
    // The bridge sent them in order: with duplicates (if any) removed, exactly 0..last as the broker got them.
    if (broker.received) {
      const sent = broker.received.map((l) => /^>?line (\d+)$/.exec(l)).filter((m) => m !== null).map((m) => Number(m[1]));
      assert.deepEqual(sent.filter((n, i) => sent.indexOf(n) === i), all);
    }
    assert.ok(queued >= 50, `${queued} lines went through the queue`);
    assert.equal(bridge.stats.dropped, 0);
    assert.ok(notes.some((n) => /^lost the broker/.test(n)), notes.join(' | '));
    assert.ok(notes.some((n) => /^back on the broker .*sending \d+ queued lines/.test(n)), notes.join(' | '));
  } finally {
    await bridge.close();
    await connection.close();
    await new Promise<void>((resolve) => watcher.end(true, {}, () => resolve()));
    await board.close();
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

test('no line is lost through an espkit hub restart', async () => {
  await noLineLost(await restartableHub());
});
