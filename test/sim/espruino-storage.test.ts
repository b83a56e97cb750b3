// Storage on the virtual board: Espruino's on-flash format at the profile's Storage offset, its errors,
// compaction, the upload byte stream the Espruino tools send, and survival across power cycles.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BenchBoard, MemoryFlash } from '../../sim/espruino/bench-board.ts';
import { FlashStorage, HEADER_BYTES, StorageError } from '../../sim/espruino/flash-storage.ts';
import { loadBoard, flashBytes } from '../../core/board.ts';
import { crc32 } from '../../core/codec/crc32.ts';

const board = loadBoard();
const FAST = { timing: { bootDelayMs: 5 } };

function freshStorage(): { flash: MemoryFlash; storage: FlashStorage } {
  const flash = new MemoryFlash(flashBytes(board));
  return { flash, storage: new FlashStorage(flash, board.storage.offset, board.storage.size) };
}

test('a file is a 32-byte header (size, flags, 28-byte name) then its data, the next at a 4-byte boundary', () => {
  const { flash, storage } = freshStorage();
  assert.equal(storage.write('hello.txt', Buffer.from('hello')), true);
  const at = board.storage.offset;
  const header = flash.read(at, HEADER_BYTES);
  assert.equal(header.readUInt32LE(0), 5, 'size 5, flags 0');
  assert.equal(header.subarray(4, 13).toString('latin1'), 'hello.txt');
  assert.ok(header.subarray(13).every((b) => b === 0), 'name padded with zeros');
  assert.equal(flash.read(at + 32, 5).toString('latin1'), 'hello');
  assert.ok(flash.read(at + 37, 3).every((b) => b === 0xff), 'padding to the boundary stays erased');
  storage.write('b', Buffer.from('x'));
  assert.equal(flash.read(at + 40 + 4, 1).toString('latin1'), 'b', 'the next header starts at offset 40');
  assert.deepEqual(storage.list().map((h) => h.name), ['hello.txt', 'b']);
});

test('pieces fill a file created with its total size; Espruino refuses what it refuses', () => {
  const { storage } = freshStorage();
  storage.write('.bootcde', Buffer.from('abc'), 0, 6);
  storage.write('.bootcde', Buffer.from('def'), 3);
  assert.equal(storage.read('.bootcde')?.toString('latin1'), 'abcdef');
  assert.throws(() => storage.write('.bootcde', Buffer.from('d'), 3), new StorageError('File already written with different data'));
  assert.throws(() => storage.write('.bootcde', Buffer.from('xyz'), 5), new StorageError('Too much data for file size'));
  assert.throws(() => storage.write('missing', Buffer.from('x'), 10), new StorageError('Unable to find or create file'));
  assert.throws(() => storage.write('empty', Buffer.alloc(0)), new StorageError("Can't create zero length file"));
  assert.equal(storage.read('nothing'), undefined);
  assert.equal(storage.read('.bootcde', 2, 3)?.toString('latin1'), 'cde');
});

test('rewriting a file deletes the old one in place (first name bytes zeroed); the same content is not rewritten', () => {
  const { flash, storage } = freshStorage();
  storage.write('f', Buffer.from('one'));
  const before = storage.stats();
  storage.write('f', Buffer.from('one'));
  assert.deepEqual(storage.stats(), before, 'identical content: nothing written');
  storage.write('f', Buffer.from('two!'));
  assert.equal(flash.read(board.storage.offset + 4, 4).readUInt32LE(0), 0, 'old header marked deleted');
  assert.equal(storage.read('f')?.toString('latin1'), 'two!');
  const stats = storage.stats();
  assert.equal(stats.fileCount, 1);
  assert.equal(stats.trashCount, 1);
  assert.equal(storage.erase('f'), true);
  assert.equal(storage.erase('f'), false);
  assert.equal(storage.stats().fileCount, 0);
});

test('a full Storage is compacted to make room, then refuses what still does not fit', () => {
  const { storage } = freshStorage();
  const big = Buffer.alloc(600 * 1024, 0x41);
  storage.write('big', big);
  storage.write('keep', Buffer.from('kept'));
  storage.erase('big');
  assert.ok(storage.stats().freeBytes < big.length);
  storage.write('big2', big); // only fits after compaction
  const stats = storage.stats();
  assert.equal(stats.trashCount, 0);
  assert.deepEqual(storage.list().map((h) => h.name), ['keep', 'big2']);
  assert.equal(storage.read('keep')?.toString('latin1'), 'kept');
  assert.throws(() => storage.write('huge', Buffer.alloc(400 * 1024, 1)), new StorageError('Unable to find or create file'));
});

test('the Storage API in the sandbox: JSON, list with a regex, getFree, and errors as exceptions', async () => {
  const b = new BenchBoard({ espruino: FAST });
  try {
    await b.waitFor(/>$/);
    b.clearOutput();
    b.send('\x10var S = require("Storage"); S.writeJSON("cfg.json", {wifi:"home", n:2}); S.write("a.js", "x=1");\n');
    b.send('\x10print(JSON.stringify(S.readJSON("cfg.json")), S.list(/\\.js$/), S.getFree() > 900000 - 100)\n');
    await b.waitFor('{"wifi":"home","n":2} [ \r\n  "a.js"\r\n ] true');
    b.send('\x10try { S.write("a.js", "y", 1) } catch (e) { print("E:" + e.message) }\n');
    await b.waitFor('E:File already written with different data');
  } finally {
    await b.close();
  }
});

/** The lines the Espruino tools send to store code as .bootcde (facts/espruino.md), then load(). */
function uploadStream(code: string): string {
  let out = '\x10reset();\n';
  for (let at = 0; at < code.length; at += 1024) {
    out += `\x10require("Storage").write(".bootcde",${JSON.stringify(code.slice(at, at + 1024))},${at},${code.length});\n`;
  }
  return `${out}\x10load()\n`;
}

function program(bytes: number): string {
  let code = 'var total = 0;\n';
  for (let i = 0; code.length < bytes; i++) code += `function step${i}(x) { return x + ${i}; } total = step${i}(total);\n`;
  return `${code}E.on("init", function () { print("program up, total=" + total); });\n`;
}

test('the upload byte stream stores code as .bootcde, load() runs it, and it survives a power cycle', async () => {
  const b = new BenchBoard({ espruino: FAST });
  try {
    await b.waitFor(/>$/);
    const code = program(6000);
    // the tools pause after reset(); our sender does too, then sends the rest
    const stream = uploadStream(code);
    const firstLine = stream.indexOf('\n') + 1;
    b.clearOutput();
    b.send(stream.slice(0, firstLine));
    await b.waitFor(/Donate\r\n\r\n>$/);
    b.clearOutput();
    b.send(stream.slice(firstLine));
    const out = await b.waitFor(/program up, total=\d+/);
    assert.doesNotMatch(out, /Uncaught|New interpreter error/);
    const stored = b.flash.read(board.storage.offset + HEADER_BYTES, code.length).toString('latin1');
    assert.equal(stored, code, 'the flash holds the code right after the first header');
    b.clearOutput();
    b.send(`\x10print(E.CRC32(require("Storage").read(".bootcde")) === ${crc32(Buffer.from(code, 'latin1'))})\n`);
    await b.waitFor('true');

    await b.restart();
    const boot = await b.waitFor(/program up, total=\d+\r\n[\s\S]*>$/);
    assert.doesNotMatch(boot, /espruino\.com/, 'no banner when saved code was loaded at power-on');
  } finally {
    await b.close();
  }
});

test('boot order: .bootPowerOn only at power-on, .boot0-3, .bootrst or .bootcde, then E.on("init")', async () => {
  const b = new BenchBoard({ espruino: FAST });
  try {
    await b.waitFor(/>$/);
    const files: Array<[string, string]> = [
      ['.bootPowerOn', 'print("powerOn");'],
      ['.boot0', 'print("boot0");'],
      ['.boot3', 'print("boot3");'],
      ['.bootcde', 'print("bootcde"); E.on("init", function(){ print("init"); });'],
    ];
    for (const [name, code] of files) b.send(`\x10require("Storage").write(${JSON.stringify(name)}, ${JSON.stringify(code)})\n`);
    b.send('\x10print("written")\n');
    await b.waitFor('written');

    await b.restart();
    const powerOn = await b.waitFor(/init\r\n[\s\S]*>$/);
    assert.match(powerOn, /powerOn\r\nboot0\r\nboot3\r\nbootcde\r\ninit\r\n/);

    b.clearOutput();
    b.send('\x10load()\n');
    const loaded = await b.waitFor(/init\r\n[\s\S]*>$/);
    // the DLE line left the prompt on the terminal, so the first output clears it ("\r\x1b[J")
    assert.match(loaded, /^\r\x1b\[Jboot0\r\nboot3\r\nbootcde\r\ninit\r\n>$/, 'load() skips .bootPowerOn and prints no banner');

    b.clearOutput();
    b.send('\x10reset()\n');
    const reset = await b.waitFor(/Donate\r\n\r\n>$/);
    assert.match(reset, /^\r\x1b\[Jboot0\r\nboot3\r\n\x1b\[\?7l/, 'reset() runs .boot0-3 but not .bootcde, then the banner');
    assert.doesNotMatch(reset, /bootcde|init/);

    b.clearOutput();
    b.send('\x10save()\n');
    await b.waitFor(/save\(\) would not be loaded/);
  } finally {
    await b.close();
  }
});

test('E.setBootCode writes .bootcde and E.reboot() restarts the chip (SW_CPU_RESET)', async () => {
  const b = new BenchBoard({ espruino: FAST });
  try {
    await b.waitFor(/>$/);
    b.send('\x10E.setBootCode("print(\'from boot code\')"); E.reboot()\n');
    await b.until(() => b.resets[0], 2000, 'a reset');
    assert.deepEqual(b.resets, [{ reason: 'SW_CPU_RESET', mode: 'flash' }]);
    await b.restart();
    await b.waitFor('from boot code');
  } finally {
    await b.close();
  }
});

test('save() keeps the typed program and power-on restores it', async () => {
  const b = new BenchBoard({ espruino: FAST });
  try {
    await b.waitFor(/>$/);
    b.send('var answer = 42;\nfunction twice(x) { return 2*x; }\nsave()\n');
    await b.waitFor(/Compressed \d+ bytes to \d+\r\n/);
    await b.restart();
    await b.waitFor(/Loading \d+ bytes from flash\.\.\.\r\n/);
    await b.waitFor(/>$/);
    b.clearOutput();
    b.send('twice(answer)\n');
    await b.waitFor('=84');
  } finally {
    await b.close();
  }
});

test('a corrupt Storage area is detected and erased at first boot', async () => {
  const flash = new MemoryFlash(flashBytes(board));
  flash.write(board.storage.offset, Buffer.from('this is not a Storage header at all'));
  const b = new BenchBoard({ espruino: FAST, flash });
  try {
    const out = await b.waitFor(/>$/);
    assert.match(out, /^Storage is corrupt\.\r\nErasing Storage Area\.\.\.\r\nErase complete\.\r\n/);
    assert.ok(flash.read(board.storage.offset, 64).every((x) => x === 0xff));
  } finally {
    await b.close();
  }
});

test('load(file) starts afresh, then runs a Storage file with __FILE__ set; reset(true) erases saved code', async () => {
  const b = new BenchBoard({ espruino: FAST });
  try {
    await b.waitFor(/>$/);
    b.send('\x10var before = 1; require("Storage").write("app.js", "print(\'app from \' + __FILE__, typeof before)"); E.setBootCode("print(1)")\n');
    b.send('\x10print("ok")\n');
    await b.waitFor('ok');
    b.clearOutput();
    b.send('\x10load("app.js")\n');
    const out = await b.waitFor(/app from app\.js undefined\r\n/);
    assert.match(out, /espruino\.com[\s\S]*app from app\.js undefined/, 'the banner, then the file');
    b.clearOutput();
    b.send('reset(true)\n');
    await b.waitFor(/Erasing saved code\.\r\nDone!\r\n[\s\S]*Donate\r\n\r\n>$/);
    b.clearOutput();
    b.send('\x10print(require("Storage").list())\n');
    await b.waitFor(/\[ \r\n {2}"app\.js"\r\n \]/);
  } finally {
    await b.close();
  }
});
