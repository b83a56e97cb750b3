// The console's 4096-byte input buffer with XON/XOFF: a board busy writing flash sends XOFF, a sender that
// ignores it loses bytes exactly as on a chip (and the stored file is wrong), one that honours it loses
// nothing. Bytes arrive at 115200 baud in the board's time, so the outcome does not depend on this
// machine's speed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BenchBoard } from '../../sim/espruino/bench-board.ts';
import { XOFF, XON } from '../../core/espruino/console-bytes.ts';
import { crc32 } from '../../core/codec/crc32.ts';

// slow flash: a 1 KB Storage write keeps the interpreter busy for about 300 ms, while the line
// delivers another 3.5 KB
const SLOW_FLASH = { timing: { bootDelayMs: 5, flashWriteUsPerByte: 300 } };

function code(bytes: number): string {
  let text = '';
  for (let i = 0; text.length < bytes; i++) text += `var v${i} = ${i * 7};\n`;
  return text;
}

function storageLines(text: string): string {
  let out = '';
  for (let at = 0; at < text.length; at += 1024) {
    out += `\x10require("Storage").write("app.js",${JSON.stringify(text.slice(at, at + 1024))},${at},${text.length});\n`;
  }
  return out;
}

async function ready(options = SLOW_FLASH): Promise<BenchBoard> {
  const b = new BenchBoard({ espruino: options });
  await b.waitFor(/>$/);
  b.clearOutput();
  return b;
}

test('a sender that ignores XOFF loses bytes: FIFO_FULL, a broken upload', async () => {
  const b = await ready();
  try {
    const text = code(8 * 1024);
    b.send(storageLines(text)); // everything at once, like the espruino tool
    await b.until(() => (b.personality.console.used === 0 ? true : undefined), 20000, 'the input buffer to drain');
    const figures = b.personality.console;
    assert.ok(figures.xoff >= 1, 'the board asked for a pause');
    assert.ok(b.output.includes(String.fromCharCode(XOFF)), 'XOFF went out on the UART');
    assert.ok(figures.lost > 0, 'bytes were lost');
    assert.ok(b.events.some((e) => e.type === 'uart-overflow'));
    assert.match(b.output, /New interpreter error: FIFO_FULL/);
    // lost newlines leave half a line behind: Ctrl-C clears it
    b.send('\x03');
    b.clearOutput();
    b.send(`\x10print("crc", E.CRC32(require("Storage").read("app.js")||"") === ${crc32(Buffer.from(text, 'latin1'))})\n`);
    await b.waitFor(/crc (true|false)/, 10000);
    assert.match(b.output, /crc false/, 'the stored file is not what was sent');
  } finally {
    await b.close();
  }
});

test('a sender that honours XOFF/XON loses nothing and the file is exact', async () => {
  const b = await ready();
  try {
    const text = code(6 * 1024);
    const data = Buffer.from(storageLines(text), 'latin1');
    let paused = false;
    let seen = 0;
    const resume: Array<() => void> = [];
    const watch = (): void => {
      const out = b.output;
      for (; seen < out.length; seen++) {
        const c = out.charCodeAt(seen);
        if (c === XOFF) paused = true;
        if (c === XON) {
          paused = false;
          resume.splice(0).forEach((go) => go());
        }
      }
    };
    for (let at = 0; at < data.length; at += 64) {
      watch();
      while (paused) {
        await b.until(() => {
          watch();
          return paused ? undefined : true;
        }, 20000, 'XON');
      }
      b.send(data.subarray(at, at + 64));
    }
    b.send('\x10print("done")\n');
    await b.waitFor(/done\r\n/, 20000);
    const figures = b.personality.console;
    assert.ok(figures.xoff >= 1, 'the board paused the sender at least once');
    assert.equal(figures.xon, figures.xoff, 'every XOFF was followed by an XON');
    assert.equal(figures.lost, 0);
    assert.doesNotMatch(b.output, /FIFO_FULL|Uncaught/);
    b.clearOutput();
    b.send(`\x10print("crc", E.CRC32(require("Storage").read("app.js")) === ${crc32(Buffer.from(text, 'latin1'))})\n`);
    await b.waitFor('crc true');
  } finally {
    await b.close();
  }
});

test('at the default speeds a 1 KB line every few ms is taken without a pause', async () => {
  const b = await ready({ timing: { bootDelayMs: 5 } } as typeof SLOW_FLASH);
  try {
    b.send(storageLines(code(4 * 1024)));
    b.send('\x10print("done")\n');
    await b.waitFor(/done\r\n/);
    assert.deepEqual(b.personality.console, { lost: 0, xoff: 0, xon: 0, used: 0 });
  } finally {
    await b.close();
  }
});
