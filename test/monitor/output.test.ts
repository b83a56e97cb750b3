import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MonitorOutput, formatTime, type OutputOptions } from '../../host/monitor/output.ts';
import { LineFilter } from '../../host/monitor/line-filter.ts';

/** A sink that records what was written and lets a test wait for some text to appear. */
class Sink {
  chunks: Array<string | Uint8Array> = [];
  private waiters: Array<{ test: (s: string) => boolean; resolve: () => void }> = [];
  write(chunk: string | Uint8Array): boolean {
    this.chunks.push(chunk);
    const all = this.text();
    this.waiters = this.waiters.filter((w) => (w.test(all) ? (w.resolve(), false) : true));
    return true;
  }
  text(): string {
    return this.chunks.map((c) => (typeof c === 'string' ? c : Buffer.from(c).toString('latin1'))).join('');
  }
  /** Resolves when the output contains `what`; fails after a generous bound. */
  until(what: string, timeoutMs = 10_000): Promise<void> {
    if (this.text().includes(what)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`never saw ${JSON.stringify(what)} in ${JSON.stringify(this.text())}`)), timeoutMs);
      this.waiters.push({ test: (s) => s.includes(what), resolve: () => { clearTimeout(timer); resolve(); } });
    });
  }
}

const clock = (): Date => new Date(2026, 0, 2, 3, 4, 5, 67);
const make = (options: Partial<OutputOptions> = {}): { out: MonitorOutput; sink: Sink } => {
  const sink = new Sink();
  return { sink, out: new MonitorOutput({ out: sink, clock, partialDelayMs: 5, ...options }) };
};
const bytes = (s: string): Buffer => Buffer.from(s, 'latin1');

test('lines are printed as they complete, with a reset reason explained after the ROM line', () => {
  const { out, sink } = make();
  out.data(bytes('ets Jul 29 2019 12:21:46\r\n\r\nrst:0xc (SW_CPU_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\r\n'));
  assert.equal(sink.text(), [
    'ets Jul 29 2019 12:21:46',
    '',
    'rst:0xc (SW_CPU_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)',
    '--- reset: SW_CPU_RESET (0xc): software reset of the CPU: a panic, esp_restart() or E.reboot(); booting from flash',
    '',
  ].join('\n'));
  out.end();
});

test('timestamps prefix each line; colours mark errors and Uncaught, only when asked', () => {
  assert.equal(formatTime(clock()), '03:04:05.067');
  const { out, sink } = make({ timestamps: true, colour: true });
  out.data(bytes('Uncaught Error: boom\r\n at line 1 col 1\r\nboom()\r\n^\r\nplain\r\nW (1) x: y\r\n'));
  assert.equal(sink.text(), [
    '03:04:05.067 \x1b[1;31mUncaught Error: boom\x1b[0m',
    '03:04:05.067 \x1b[31m at line 1 col 1\x1b[0m',
    '03:04:05.067 \x1b[31mboom()\x1b[0m',
    '03:04:05.067 \x1b[31m^\x1b[0m',
    '03:04:05.067 plain',
    '03:04:05.067 \x1b[33mW (1) x: y\x1b[0m',
    '',
  ].join('\n'));
  out.end();
});

test('a line that carries its own colours is not painted over', () => {
  const { out, sink } = make({ colour: true, terminal: true });
  out.data(bytes('\x1b[0;31mE (5) boot: bad\x1b[0m\r\n'));
  assert.equal(sink.text(), '\x1b[0;31mE (5) boot: bad\x1b[0m\n');
  out.end();
});

test('non-text bytes never reach the terminal raw', () => {
  const { out, sink } = make({ terminal: true });
  out.data(Buffer.from([0x41, 0x00, 0x1b, 0x5b, 0x32, 0x4a, 0xff, 0x0d, 0x0a]));
  assert.equal(sink.text(), 'A\\0\\e[2J\\xff\n');
  out.end();
});

test('--filter shows only matching lines, matched as drawn', () => {
  const { out, sink } = make({ filter: LineFilter.parse(['^Uncaught', 'rst:']) });
  out.data(bytes('hello\r\n>\r\x1b[JUncaught Error: x\r\nrst:0x1 (POWERON_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\r\nbye\r\n>'));
  const text = sink.text();
  assert.ok(!text.includes('hello') && !text.includes('bye'));
  assert.match(text, /Uncaught Error: x\n/);
  assert.match(text, /--- reset: POWERON_RESET/);
  out.end();
});

test('a line in progress (the prompt, an echo) is shown once the board pauses, and finished later', async () => {
  const { out, sink } = make({ timestamps: true });
  out.data(bytes('\r\n>1+'));
  await sink.until('>1+');
  assert.equal(sink.text(), '03:04:05.067 \n03:04:05.067 >1+');
  out.data(bytes('1\r\n=2\r\n'));
  assert.equal(sink.text(), '03:04:05.067 \n03:04:05.067 >1+1\n03:04:05.067 =2\n');
  out.end();
});

test('off a terminal, a line Espruino redraws over its prompt is shown as drawn, on a line of its own', async () => {
  const { out, sink } = make();
  out.data(bytes('>'));
  await sink.until('>');
  out.data(bytes('\r\x1b[JUncaught Error: late\r\n at line 1 col 23\r\n'));
  assert.equal(sink.text(), '>\nUncaught Error: late\n at line 1 col 23\n');
  out.end();
});

test('on a terminal, the redraw is passed on for the terminal to do, in the error colour', async () => {
  const { out, sink } = make({ terminal: true, colour: true });
  out.data(bytes('\x1b[?7l\r\n>'));
  await sink.until('>');
  out.data(bytes('\r\x1b[JUncaught Error: late\r\n'));
  assert.equal(sink.text(), '\n>\x1b[1;31m\r\x1b[JUncaught Error: late\x1b[0m\n');
  out.end();
});

test("a note breaks a partly shown line instead of gluing onto it", async () => {
  const { out, sink } = make();
  out.data(bytes('>'));
  await sink.until('>');
  out.note('board gone (the connection closed); waiting for it to come back');
  assert.equal(sink.text(), '>\n--- board gone (the connection closed); waiting for it to come back\n');
  out.end();
});

test('paused output hides board lines but not notes', () => {
  const { out, sink } = make();
  out.paused = true;
  out.data(bytes('hidden\r\n'));
  out.note('output paused');
  out.paused = false;
  out.data(bytes('shown\r\n'));
  assert.equal(sink.text(), '--- output paused\nshown\n');
  out.end();
});

test('--raw passes bytes untouched; --hex dumps them in rows of 16, the last row when the board pauses', async () => {
  const raw = make({ mode: 'raw' });
  const data = Buffer.from([0x00, 0x1b, 0x5b, 0x32, 0x4a, 0xff, 0x0a]);
  raw.out.data(data);
  assert.deepEqual(Buffer.from(raw.sink.chunks[0] as Uint8Array), data);
  raw.out.end();

  const hex = make({ mode: 'hex' });
  hex.out.data(Buffer.from('0123456789abcdef\x00\xffZ', 'latin1'));
  assert.equal(hex.sink.text(), '00000000  30 31 32 33 34 35 36 37  38 39 61 62 63 64 65 66  |0123456789abcdef|\n');
  await hex.sink.until('|..Z|');
  assert.ok(hex.sink.text().endsWith(`\n00000010  00 ff 5a${' '.repeat(42)}|..Z|\n`));
  hex.out.end();
});

test('--json prints one object per line with its level and notes', () => {
  const { out, sink } = make({ json: true });
  out.data(bytes("Guru Meditation Error: Core  1 panic'ed (StoreProhibited). Exception was unhandled.\r\n"));
  out.note('hello');
  const [line, note] = sink.text().trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.equal(line!.level, 'error');
  assert.match(String(line!.line), /^Guru Meditation/);
  assert.match((line!.notes as string[])[0]!, /panic on core 1: StoreProhibited/);
  assert.equal(note!.message, 'hello');
  out.end();
});
