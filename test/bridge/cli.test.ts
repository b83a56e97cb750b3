// `espkit bridge` as a process: serial lines to MQTT, commands back, a clean stop on SIGTERM with its
// summary; and the one-line errors for bad options.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { once } from 'node:events';
import mqtt from 'mqtt';
import { restartableAedes } from '../../bench/support/hub-brokers.ts';
import { SerialPeer } from './serial-peer.ts';
import { waitFor } from './wait.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

test('bad options are one-line usage errors (exit 2)', () => {
  const hubDir = mkdtempSync(join(tmpdir(), 'espkit-nohub-'));
  const { ESPKIT_BROKER: _ignored, ...rest } = process.env;
  const env = { ...rest, ESPKIT_HUB_DIR: hubDir };
  const run = (args: string[]) => spawnSync(process.execPath, ['bin/espkit.js', '--port', 'socket://127.0.0.1:9', 'bridge', ...args], { cwd: root, encoding: 'utf8', env, timeout: 60_000 });
  try {
    const cases: Array<[string[], RegExp]> = [
      [['--broker', 'mqtt://127.0.0.1:1', '--device', 'ESP32/x'], /^error: "ESP32\/x" is not a device id: use lowercase letters, digits, '-' or '_' \(1-32 characters\), e\.g\. esp32-123456\n$/],
      [['--broker', 'mqtt://127.0.0.1:1', '--prefix', 'a/+'], /^error: "a\/\+" is not a topic prefix: .*\n$/],
      [['--broker', 'ftp://x'], /^error: "ftp:" brokers are not supported: use mqtt:\/\/, mqtts:\/\/, ws:\/\/ or wss:\/\/\n$/],
      [[], /^error: no broker given and no local hub in .*: pass --broker mqtt:\/\/user:password@host:1883 or start `espkit hub`\n$/],
      [['--broker', 'mqtt://127.0.0.1:1', '--queue-max', '0'], /^error: option '--queue-max <lines>' argument '0' is invalid\. the queue size is a whole number of lines, at least 1\n/],
    ];
    for (const [args, stderr] of cases) {
      const r = run(args);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, stderr, args.join(' '));
    }
  } finally {
    rmSync(hubDir, { recursive: true, force: true });
  }
});

test('espkit bridge carries lines both ways and stops cleanly on SIGTERM with a summary', async () => {
  const broker = await restartableAedes();
  const peer = await SerialPeer.start();
  const dir = mkdtempSync(join(tmpdir(), 'espkit-bridge-cli-'));
  const watcher = mqtt.connect(broker.url);
  const got: string[] = [];
  watcher.on('message', (_t, p) => got.push(p.toString()));
  await new Promise<void>((resolve, reject) => watcher.once('connect', () => watcher.subscribe('espkit/esp32-c0ffee/serial', { qos: 1 }, (e) => (e ? reject(e) : resolve()))));
  const child = spawn(process.execPath, [
    'bin/espkit.js', '--port', peer.name, '--json', 'bridge', '--broker', broker.url, '--device', 'esp32-c0ffee', '--queue', join(dir, 'q'),
  ], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
  const exited = once(child, 'exit');
  const notes = (): string[] => out.trim().split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { note: string }).note);
  try {
    await waitFor(() => notes().some((n) => n.startsWith('connected to the broker')), () => `the bridge to connect (${out} ${err})`, 30_000);
    assert.match(notes().join('\n'), /bridging socket:\/\/127\.0\.0\.1:\d+ as esp32-c0ffee to mqtt:\/\/127\.0\.0\.1:\d+/);
    await peer.whenConnected();
    peer.send('temp=21.5\r\nhumidity=40\r\n');
    await waitFor(() => got.length === 2, 'two lines on MQTT');
    assert.deepEqual(got, ['temp=21.5', 'humidity=40']);
    // the subscription to cmd may still be on its way: publish until the board sees the command
    await waitFor(() => {
      if (!peer.received.toString().includes('LED1.set()\n')) watcher.publish('espkit/esp32-c0ffee/cmd', 'LED1.set()', { qos: 1 });
      return peer.received.toString().includes('LED1.set()\n');
    }, 'the command to reach the board', 30_000);
    child.kill('SIGTERM');
    const [code] = await exited;
    assert.equal(code, 0, err);
    const last = notes().at(-1)!;
    assert.match(last, /^stopped: 2 lines published, 0 went through the queue \(0 left in it\), 0 dropped, [1-9]\d* commands$/);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    await new Promise<void>((resolve) => watcher.end(true, {}, () => resolve()));
    await peer.close();
    await broker.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
