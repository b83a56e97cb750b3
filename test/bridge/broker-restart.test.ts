// The bridge loses no line through a broker restart: the virtual board running Espruino prints numbered lines
// from a timer the whole time; lines that arrive while the broker is away wait in the on-disk queue and are
// published, in order, once it is back. Run against aedes in-process, Debian's mosquitto and the espkit hub.
// The bridge reaches the broker through a gate the test opens only once its subscriber is back after the
// restart, so what the subscriber gets does not depend on how each broker keeps sessions across restarts.
// The order is also checked where the broker receives the lines (aedes, the hub).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { startBoard } from '../../sim/index.ts';
import { BoardConnection } from '../../host/console/board-connection.ts';
import { SerialBridge } from '../../host/bridge/bridge.ts';
import { restartableAedes, restartableHub, restartableMosquitto, MOSQUITTO, type RestartableBroker } from '../../bench/support/hub-brokers.ts';
import { waitFor } from './wait.ts';
import { TcpGate } from './tcp-gate.ts';

const FAST = { pacing: false, installEspruino: true, application: { timing: { bootDelayMs: 5 } } };

async function noLineLost(broker: RestartableBroker): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'espkit-bridge-'));
  const board = await startBoard(FAST);
  const device = board.deviceId;
  const received: string[] = [];
  // The watcher subscribes afresh on every connection and counts as back once the broker acknowledged it.
  const watcher = mqtt.connect(broker.url, { reconnectPeriod: 100, resubscribe: false });
  let subscribed = false;
  watcher.on('connect', () => {
    watcher.subscribe(`espkit/${device}/serial`, { qos: 1 }, (err) => { subscribed = !err; });
  });
  watcher.on('close', () => { subscribed = false; });
  watcher.on('message', (_t, payload) => received.push(payload.toString()));
  await waitFor(() => subscribed, 'the watcher to subscribe');
  await board.waitForOutput(/Donate\r\n\r\n>$/);
  const gate = await TcpGate.open(broker.port);
  const connection = await BoardConnection.open(board.ports.socket, { retryMs: 100 });
  const bridge = new SerialBridge(connection, { broker: { url: gate.through(broker.url) }, device, prefix: 'espkit', queueFile: join(dir, 'q'), reconnectMs: 100 });
  const notes: string[] = [];
  bridge.on('note', (n) => notes.push(n));
  // A line printed while a command is being typed follows the prompt: ">line 7".
  const numbered = (): number[] => received.map((l) => /^>?line (\d+)$/.exec(l)).filter((m) => m !== null).map((m) => Number(m[1]));
  const lastLine = (): RegExpExecArray | undefined => received.map((l) => /^>?last (\d+)$/.exec(l)).find((m) => m !== null) ?? undefined;
  try {
    await waitFor(() => bridge.connected, 'the bridge to reach the broker');
    connection.write('\x10var n=0,iv=setInterval(function(){print("line "+(n++));},5)\n');
    await waitFor(() => numbered().length >= 50, 'lines before the restart');

    await gate.shut();
    await broker.stop();
    await waitFor(() => !bridge.connected, 'the bridge to notice the broker is gone');
    await waitFor(() => bridge.queue.length >= 50, 'lines to be queued on disk');
    await broker.start();
    await waitFor(() => subscribed, 'the watcher to be back');
    await gate.reopen();
    await waitFor(() => bridge.connected, 'the bridge to be back');
    const queued = bridge.stats.queued;
    await waitFor(() => bridge.stats.published >= queued + 50, 'lines after the restart');
    connection.write('\x10clearInterval(iv);print("last "+(n-1))\n');
    await waitFor(() => lastLine() !== undefined, 'the last line').catch((err: Error) => {
      throw new Error(`${err.message}: watcher ${watcher.connected ? 'connected' : 'not connected'}, got ${received.length} lines, last ${JSON.stringify(received.slice(-2))}; bridge ${JSON.stringify(bridge.stats)}, queue ${bridge.queue.length}, connected ${bridge.connected}; broker got ${broker.received?.length ?? '?'} ${JSON.stringify(broker.received?.slice(-2))}`);
    });
    const last = Number(lastLine()![1]);

    const all = Array.from({ length: last + 1 }, (_, i) => i);
    // The bridge sent every line, in order: with duplicates (if any) removed, exactly 0..last as the broker got them.
    if (broker.received) {
      const sent = broker.received.map((l) => /^>?line (\d+)$/.exec(l)).filter((m) => m !== null).map((m) => Number(m[1]));
      assert.deepEqual(sent.filter((n, i) => sent.indexOf(n) === i), all);
    }
    // Every line reached the subscriber (at least once).
    const got = new Set(numbered());
    assert.deepEqual(all.filter((n) => !got.has(n)), [], 'lines the subscriber never got');
    assert.ok(queued >= 50, `${queued} lines went through the queue`);
    assert.equal(bridge.stats.dropped, 0);
    assert.ok(notes.some((n) => /^lost the broker/.test(n)), notes.join(' | '));
    assert.ok(notes.some((n) => /^back on the broker .*sending \d+ queued lines/.test(n)), notes.join(' | '));
  } finally {
    await bridge.close();
    await connection.close();
    await gate.shut();
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
