// The monitor's hints and timestamps: a stamp on every line a terminal shows, also the ones Espruino prints over
// its prompt; a baud hint when only garbled bytes (or, at another baud than the board's, nothing) arrive; a hint
// to flash an erased board that boot-loops on "invalid header". Unit checks, then espkit monitor on virtual boards.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { MonitorOutput } from '../../host/monitor/output.ts';
import { BoardHints } from '../../host/monitor/hints.ts';
import { visibleLine } from '../../host/console/visible-line.ts';
import { startBoard } from '../../sim/index.ts';
import { receiveAtBaud } from '../../sim/uart/baud-mismatch.ts';
import { waitFor } from '../bridge/wait.ts';
import { isolatedEnv } from '../helpers/isolated-env.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const home = isolatedEnv();
after(() => home.remove());

test('--timestamps on a terminal: the line Espruino draws over its prompt has a stamp of its own', async () => {
  let out = '';
  let ms = 0;
  const output = new MonitorOutput({ out: { write: (c) => (out += c.toString()) }, terminal: true, timestamps: true, partialDelayMs: 1, clock: () => new Date(2024, 0, 1, 12, 0, 0, ms++) });
  output.data(Buffer.from('=2\r\n>'));
  await waitFor(() => out.endsWith('>'), 'the prompt shown while the board pauses', 10_000);
  // A callback prints while the prompt is shown: Espruino takes the prompt away (CR, ESC [J) and prints.
  output.data(Buffer.from('\r\x1b[Jtick 1\r\n>'));
  output.end();
  const drawn = out.split('\n').filter((l) => l.length > 0).map(visibleLine);
  assert.deepEqual(drawn.map((l) => /^12:00:00\.\d{3} /.test(l)), drawn.map(() => true), JSON.stringify(drawn));
  assert.ok(drawn.some((l) => /^12:00:00\.\d{3} tick 1$/.test(l)), JSON.stringify(drawn));
});

test('hints: garbled bytes, silence at another baud, and the invalid-header boot loop, each said once', async () => {
  const notes: string[] = [];
  const garbled = new BoardHints({ baud: 9600, consoleBaud: 115200, note: (m) => notes.push(m), quietMs: 60_000 });
  garbled.data(Buffer.from([...Array(40)].map((_, i) => (i % 2 ? 0xe0 : 0x80) + (i % 7))));
  garbled.data(Buffer.from('ok text, then more garbage'));
  garbled.data(Buffer.alloc(64, 0xf8));
  garbled.stop();
  assert.deepEqual(notes, ["only garbled bytes arrive at 9600 baud: is that the board's baud? Its console runs at 115200: try -b 115200"]);

  notes.length = 0;
  const quiet = new BoardHints({ baud: 9600, consoleBaud: 115200, note: (m) => notes.push(m), quietMs: 50 });
  quiet.start();
  await waitFor(() => notes.length > 0, 'the silence hint', 10_000);
  assert.match(notes[0]!, /^nothing has arrived in 0 s at 9600 baud; the board's console runs at 115200: try -b 115200$/);

  notes.length = 0;
  const rightBaud = new BoardHints({ baud: 115200, consoleBaud: 115200, note: (m) => notes.push(m), quietMs: 1 });
  rightBaud.start();
  rightBaud.data(Buffer.from('ets Jun  8 2016 00:22:57\r\n\r\nrst:0x1 (POWERON_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\r\n'));
  rightBaud.data(Buffer.from('invalid header: 0xffffffff\r\ninvalid header: 0xff'));
  assert.deepEqual(notes, [], 'an idle board at its baud is no cause for a hint, nor are two lines');
  rightBaud.data(Buffer.from('ffffff\r\ninvalid header: 0xffffffff\r\ninvalid header: 0xffffffff\r\n'));
  rightBaud.stop();
  assert.deepEqual(notes, ['the board keeps resetting with "invalid header": its flash holds no bootloader (erased?); run espkit flash to install Espruino']);
});

test('hints: a short burst at another baud (a boot message, then a prompt that waits) is judged once the line is quiet', async () => {
  // What a receiver at 9600 makes of an ESP32's ROM boot message at 115200: far fewer bytes than a sample.
  const rom = [
    'ets Jul 29 2019 12:21:46', '', 'rst:0x1 (POWERON_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)', 'configsip: 0, SPIWP:0xee',
    'clk_drv:0x00,q_drv:0x00,d_drv:0x00,cs0_drv:0x00,hd_drv:0x00,wp_drv:0x00', 'mode:DIO, clock div:2', 'load:0x3fff0018,len:4',
    'load:0x3fff001c,len:64', 'load:0x40078000,len:256', 'load:0x40080400,len:128', 'entry 0x40080400', '',
  ].join('\r\n');
  const garbage = receiveAtBaud(Buffer.from(rom), 115200, 9600);
  assert.ok(garbage.length > 0 && garbage.length < 64, `${garbage.length} bytes`);
  const notes: string[] = [];
  const short = new BoardHints({ baud: 9600, consoleBaud: 115200, note: (m) => notes.push(m), quietMs: 1 });
  short.start();
  short.data(garbage.subarray(0, 10));
  short.data(garbage.subarray(10));
  await waitFor(() => notes.length > 0, 'the garbled-bytes hint', 10_000);
  short.stop();
  assert.deepEqual(notes, ["only garbled bytes arrive at 9600 baud: is that the board's baud? Its console runs at 115200: try -b 115200"]);

  // A few legible bytes at another baud (a board that does run at 9600) are no cause for a hint.
  notes.length = 0;
  const legible = new BoardHints({ baud: 9600, consoleBaud: 115200, note: (m) => notes.push(m), quietMs: 1 });
  legible.start();
  legible.data(Buffer.from('hello\r\n>'));
  // Timers run in the order they fall due, so the quiet timer (1 ms) has run once this one (20 ms) has.
  await new Promise((r) => setTimeout(r, 20));
  legible.stop();
  assert.deepEqual(notes, []);
});

test('hints: at another baud, readable bytes first (sent at the server\'s baud before the client\'s reached it) do not hide the garbled ones after', async () => {
  const readable = Buffer.from('|___|_|_|_|___|\r\n         |_| espruino.com\r\n 2v29 (c) 2025 G.Williams\r\n');
  const garbage = Buffer.from([...Array(120)].map((_, i) => (i % 2 ? 0xff : 0xe0) - (i % 5)));
  for (const split of [undefined, 30, readable.length + 10]) {
    const notes: string[] = [];
    const hints = new BoardHints({ baud: 9600, consoleBaud: 115200, note: (m) => notes.push(m), quietMs: 60_000 });
    hints.start();
    const all = Buffer.concat([readable, garbage]);
    if (split === undefined) hints.data(all);
    else {
      hints.data(all.subarray(0, split));
      hints.data(all.subarray(split));
    }
    hints.stop();
    assert.deepEqual(notes, ["only garbled bytes arrive at 9600 baud: is that the board's baud? Its console runs at 115200: try -b 115200"], `split at ${split}`);
  }
  // At the board's own baud the first sample decides: binary a program prints later is no baud problem.
  const notes: string[] = [];
  const own = new BoardHints({ baud: 115200, consoleBaud: 115200, note: (m) => notes.push(m), quietMs: 60_000 });
  own.start();
  own.data(Buffer.concat([readable, readable, garbage]));
  own.stop();
  assert.deepEqual(notes, []);
});

/** espkit monitor against a virtual board until `expected` shows, then stopped. */
async function monitorShows(port: string, args: string[], expected: RegExp): Promise<string> {
  const child = spawn(process.execPath, ['bin/espkit.js', '--port', port, ...args], { cwd: root, env: { ...home.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let ended: string | undefined;
  child.stdout.on('data', (d: Buffer) => (out += d));
  child.stderr.on('data', (d: Buffer) => (err += d));
  const closed = new Promise<void>((resolve) => child.once('close', (code, signal) => {
    ended = signal ? `was killed by ${signal}` : `exited with code ${code}`;
    resolve();
  }));
  // Built when the wait ends, so it shows what the monitor had printed by then and whether it still ran.
  const seen = (): string => `${expected}: espkit ${ended ?? 'was still running'}; stdout ${JSON.stringify(out.slice(-600))}; stderr ${JSON.stringify(err.slice(-600))}`;
  try {
    await waitFor(() => expected.test(out) || ended !== undefined, seen, 60_000);
    assert.ok(expected.test(out), `espkit ended before printing ${seen()}`);
    return out;
  } finally {
    if (ended === undefined) child.kill('SIGTERM');
    await closed;
  }
}

test('espkit monitor on an erased virtual board says to flash it', async () => {
  const board = await startBoard({ pacing: false, boot: 'flash' });
  try {
    const out = await monitorShows(board.ports.rfc2217, ['monitor', '--reset'], /--- the board keeps resetting with "invalid header".*run espkit flash/);
    assert.equal(out.match(/run espkit flash/g)!.length, 1, 'said once');
  } finally {
    await board.close();
  }
});

test('espkit monitor -b 9600 on a 115200 board hints at the baud', async () => {
  const board = await startBoard({ pacing: true, boot: 'flash', installEspruino: true, espruino: 'model' });
  try {
    await monitorShows(board.ports.rfc2217, ['-b', '9600', 'monitor', '--reset'], /--- (only garbled bytes arrive|nothing has arrived in \d+ s) at 9600 baud.*try -b 115200/);
  } finally {
    await board.close();
  }
});
