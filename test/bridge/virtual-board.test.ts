// The bridge with the virtual DevBoard running Espruino: the device id read from the board (getSerial()),
// `espkit monitor --bridge` (monitor and bridge on one port in one process), a command round trip through
// the broker, the board unplugged and back; and a board that does not answer (no Espruino running).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { once } from 'node:events';
import { startBoard } from '../../sim/index.ts';
import { BoardConnection } from '../../host/console/board-connection.ts';
import { readDeviceId } from '../../host/bridge/device-id.ts';
import { startBridge } from '../../host/bridge/run.ts';
import { restartableAedes } from '../../bench/support/hub-brokers.ts';
import { waitFor } from './wait.ts';
import { watch, end } from './watch.ts';
import { isolatedEnv } from '../helpers/isolated-env.ts';

// The espkit child process reads nothing of the user's home (a bridge queue, a hub, a cache).
const home = isolatedEnv();
after(() => home.remove());

const root = fileURLToPath(new URL('../..', import.meta.url));
const FAST = { pacing: false, installEspruino: true, application: { timing: { bootDelayMs: 5 } } };


test('the device id comes from the board: getSerial() is its MAC', async () => {
  const board = await startBoard({ ...FAST, mac: '24:0a:c4:12:34:56' });
  const connection = await BoardConnection.open(board.ports.socket);
  try {
    await board.waitForOutput(/>$/);
    assert.deepEqual(await readDeviceId(connection.link!), { mac: '24:0a:c4:12:34:56', deviceId: 'esp32-123456' });
    assert.equal(board.deviceId, 'esp32-123456');
  } finally {
    await connection.close();
    await board.close();
  }
});

test('a board that does not answer (waiting in download mode) makes a clear error that points to --device', async () => {
  const board = await startBoard({ ...FAST, boot: 'download' });
  const connection = await BoardConnection.open(board.ports.socket);
  try {
    await board.waitForOutput('waiting for download');
    await assert.rejects(readDeviceId(connection.link!, 600), /^EspkitError: cannot tell which device this is: no answer from the board on socket:\/\/127\.0\.0\.1:\d+ while asking for its MAC \(getSerial\(\)\) \(0\.6 s\).*; pass --device ID$/);
  } finally {
    await connection.close();
    await board.close();
  }
});

test('espkit monitor --bridge: one process shows the console and bridges it; commands come back through the broker', async () => {
  const board = await startBoard(FAST);
  const broker = await restartableAedes();
  const dir = mkdtempSync(join(tmpdir(), 'espkit-monbridge-'));
  const { client, got } = await watch(broker.url, `espkit/${board.deviceId}/serial`);
  await board.waitForOutput(/>$/);
  const child = spawn(process.execPath, [
    'bin/espkit.js', '--port', board.ports.rfc2217, 'monitor', '--bridge', broker.url, '--queue', join(dir, 'q'),
  ], { cwd: root, env: { ...home.env, NO_COLOR: '1' }, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
  const exited = once(child, 'exit');
  const see = (text: string, what: string): Promise<void> => waitFor(() => out.includes(text), () => `${what} (stdout: ${JSON.stringify(out.slice(-400))}; stderr ${JSON.stringify(err)})`, 30_000);
  try {
    await see(`at 115200 baud, device ${board.deviceId}; Ctrl-] quits`, 'the banner with the device id read from the board');
    await see(`--- bridge: connected to the broker ${broker.url}`, 'the bridge connecting');
    assert.ok(!out.includes('getSerial'), 'the question is not shown');
    child.stdin.write('print("hello "+"bridge")\r');
    await see('hello bridge\n', 'the answer on the console');
    await waitFor(() => got.includes('hello bridge'), () => `the line on MQTT (${JSON.stringify(got)})`);
    // the echo of what was typed is a line too (after the prompt, as a terminal shows it)
    assert.ok(got.some((l) => /^>?print\("hello "\+"bridge"\)$/.test(l)), JSON.stringify(got));

    await waitFor(() => {
      if (!out.includes('=42')) client.publish(`espkit/${board.deviceId}/cmd`, '6*7', { qos: 1 });
      return out.includes('=42');
    }, 'the command from the broker to run on the board', 30_000);
    await waitFor(() => got.includes('=42'), 'its answer on MQTT');

    child.stdin.write('\x1d');
    const [code] = await exited;
    assert.equal(code, 0, err);
  } finally {
    if (child.exitCode === null) child.kill();
    await end(client);
    await board.close();
    await broker.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('espkit bridge waits for an unplugged board and resumes when it is back', async () => {
  const board = await startBoard(FAST);
  const broker = await restartableAedes();
  const dir = mkdtempSync(join(tmpdir(), 'espkit-bridge-sim-'));
  const { client, got } = await watch(broker.url, `espkit/${board.deviceId}/serial`);
  await board.waitForOutput(/>$/);
  const notes: string[] = [];
  const running = await startBridge({
    port: board.ports.socket,
    connection: { retryMs: 100 },
    broker: { url: broker.url },
    prefix: 'espkit',
    queueFile: join(dir, 'q'),
    onNote: (n) => notes.push(n),
  });
  try {
    assert.equal(running.device, board.deviceId);
    await once(running.bridge, 'ready');
    client.publish(`espkit/${board.deviceId}/cmd`, 'print("before")', { qos: 1 });
    await waitFor(() => got.includes('before'), 'a line before the unplug');
    board.clearOutput();
    board.unplug({ replugAfterMs: 300 });
    await waitFor(() => notes.some((n) => n.startsWith('board back on')), () => `the board to come back (${notes.join(' | ')})`);
    assert.ok(notes.some((n) => /^board gone/.test(n)));
    await board.waitForOutput(/Donate\r\n\r\n>$/); // Espruino booted again after the power-on
    client.publish(`espkit/${board.deviceId}/cmd`, 'print("after")', { qos: 1 });
    await waitFor(() => got.includes('after'), 'a line after the replug');
  } finally {
    await running.close();
    await end(client);
    await board.close();
    await broker.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
