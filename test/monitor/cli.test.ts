// `espkit monitor` as a person runs it, driven through its stdin (a pipe standing in for the keyboard)
// against a board on socket://: output and notes, keys to the board, the Ctrl-T menu, an unplug and
// replug, --log, Ctrl-] to quit; and the one-line errors for bad options.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { once } from 'node:events';
import { SerialPeer } from '../bridge/serial-peer.ts';
import { waitFor } from '../bridge/wait.ts';
import { isolatedEnv } from '../helpers/isolated-env.ts';

// The espkit child process reads nothing of the user's home (a bridge queue, a hub, a cache).
const home = isolatedEnv();
after(() => home.remove());

const root = fileURLToPath(new URL('../..', import.meta.url));
const env = { ...home.env, NO_COLOR: '1' };

function espkit(args: string[]) {
  return spawnSync(process.execPath, ['bin/espkit.js', ...args], { cwd: root, encoding: 'utf8', env, timeout: 60_000 });
}

test('bad options are one-line usage errors (exit 2); an unreachable port is a one-line failure (exit 1)', () => {
  const cases: Array<[string[], number, RegExp]> = [
    [['--port', 'socket://127.0.0.1:9', 'monitor', '--raw', '--hex'], 2, /^error: --raw and --hex are two different views: pick one\n$/],
    [['--port', 'socket://127.0.0.1:9', 'monitor', '--filter', 'a('], 2, /^error: --filter a\( is not a valid regular expression: .*\n$/],
    [['--port', 'socket://127.0.0.1:9', 'monitor', '--device', 'esp32-123456'], 2, /^error: --device only applies with --bridge URL\n$/],
    [['--port', 'socket://127.0.0.1:9', '--json', 'monitor', '--hex'], 2, /^error: --json prints lines as JSON: it cannot be combined with --raw or --hex\n$/],
    [['--port', 'socket://127.0.0.1:9', 'monitor', '--bridge', 'http://x'], 2, /^error: "http:" brokers are not supported: use mqtt:\/\/, mqtts:\/\/, ws:\/\/ or wss:\/\/\n$/],
    [['--port', 'socket://127.0.0.1:9', 'monitor'], 1, /^error: cannot reach socket:\/\/127\.0\.0\.1:9: connection refused .*\n$/],
  ];
  for (const [args, status, stderr] of cases) {
    const r = espkit(args);
    assert.equal(r.status, status, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, stderr, args.join(' '));
  }
});

test('--reset on a raw socket says why it cannot reset, before showing anything', async () => {
  const peer = await SerialPeer.start();
  try {
    const r = await new Promise<{ status: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, ['bin/espkit.js', '--port', peer.name, 'monitor', '--reset'], { cwd: root, env, stdio: ['pipe', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
      child.on('exit', (status) => resolve({ status, stderr }));
    });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^error: socket:\/\/127\.0\.0\.1:\d+ is a raw socket with no DTR\/RTS lines, so the board cannot be reset from here; use rfc2217:\/\/ or a serial port\n$/);
  } finally {
    await peer.close();
  }
});

test('the monitor shows lines and notes, sends keys, answers the Ctrl-T menu, survives an unplug, and quits on Ctrl-]', async () => {
  const peer = await SerialPeer.start();
  const dir = mkdtempSync(join(tmpdir(), 'espkit-monitor-'));
  const log = join(dir, 'board.log');
  const child = spawn(process.execPath, ['bin/espkit.js', '--port', peer.name, 'monitor', '--log', log], { cwd: root, env, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
  const exited = once(child, 'exit');
  const see = (text: string | RegExp, what: string): Promise<void> =>
    waitFor(() => (typeof text === 'string' ? out.includes(text) : text.test(out)), () => `${what} (stdout so far: ${JSON.stringify(out.slice(-300))}, stderr: ${JSON.stringify(err)})`, 30_000);
  try {
    await see(/^--- espkit monitor on socket:\/\/127\.0\.0\.1:\d+ at 115200 baud; Ctrl-\] quits, Ctrl-T Ctrl-H for help\n/, 'the banner');
    await peer.whenConnected();

    peer.send('ets Jul 29 2019 12:21:46\r\n\r\nrst:0xc (SW_CPU_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\r\n');
    peer.send('Uncaught Error: oops\r\n at line 1 col 1\r\noops()\r\n^\r\nbinary \x00\xff\x1b[2J end\r\n>');
    await see('--- reset: SW_CPU_RESET (0xc): software reset of the CPU: a panic, esp_restart() or E.reboot(); booting from flash\n', 'the reset reason');
    await see('binary \\0\\xff\\e[2J end\n', 'escaped bytes');
    await see(/\n>$/, 'the prompt, shown although its line is not finished');

    child.stdin.write('1+1\r');
    await peer.untilReceived('1+1\r');

    child.stdin.write('\x14\x08');
    await see('--- espkit monitor keys: Ctrl-] quits', 'the help');
    child.stdin.write('\x14r');
    await see('--- resetting the board into its application\n', 'the reset note');
    await see(/--- socket:\/\/127\.0\.0\.1:\d+ is a raw socket with no DTR\/RTS lines/, 'why it cannot reset');
    child.stdin.write('\x14z');
    await see('--- Ctrl-T z is not a menu key; Ctrl-T Ctrl-H lists them\n', 'the unknown key');
    child.stdin.write('\x14\x14');
    await peer.untilReceived('\x14');

    await peer.unplug();
    await see(/--- board gone \(the connection to socket:\/\/127\.0\.0\.1:\d+ closed\); waiting for socket:\/\/127\.0\.0\.1:\d+ to come back\n/, 'the unplug');
    await peer.replug();
    await see(/--- board back on socket:\/\/127\.0\.0\.1:\d+\n/, 'the replug');
    await peer.whenConnected();
    peer.send('after replug\r\n');
    await see('after replug\n', 'a line after the replug');

    child.stdin.write('\x1d');
    const [code] = await exited;
    assert.equal(code, 0, err);
    assert.equal(err, '');
    const logged = readFileSync(log, 'utf8');
    assert.match(logged, /^\d{4}-\d\d-\d\dT[\d:.]+Z --- espkit monitor on /m);
    assert.match(logged, /^\S+Z rst:0xc \(SW_CPU_RESET\),boot:0x13 \(SPI_FAST_FLASH_BOOT\)\n\S+Z --- reset: SW_CPU_RESET/m);
    assert.match(logged, /^\S+Z Uncaught Error: oops$/m);
    assert.match(logged, /^\S+Z --- board gone/m);
    assert.match(logged, /^\S+Z after replug$/m);
  } finally {
    if (child.exitCode === null) child.kill();
    await peer.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
