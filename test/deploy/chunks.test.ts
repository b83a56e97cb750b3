// The pure parts of deploy: CRC as E.CRC32 computes it, byte literals, chunk planning, boot slots.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crc32 } from '../../core/codec/crc32.ts';
import { byteLiteral } from '../../host/espruino/literal.ts';
import { planChunks, MAX_LINE_BYTES, INPUT_BUFFER_BYTES, LINES_IN_FLIGHT } from '../../host/espruino/chunks.ts';
import { chunkLine, payloadBudget } from '../../host/espruino/storage-upload.ts';
import { heatshrinkDecompress } from '../../core/codec/heatshrink.ts';
import { activeSlot, bootStub, nextSlot } from '../../host/espruino/boot.ts';
import { patternBytes } from '../helpers/bytes.ts';

test('crc32 is the standard CRC-32 that E.CRC32 returns', () => {
  assert.equal(crc32(Buffer.from('123456789')), 0xcbf43926);
  assert.equal(crc32(new Uint8Array()), 0);
  assert.equal(crc32(Buffer.from('The quick brown fox jumps over the lazy dog')), 0x414fa339);
});

test('a byte literal evaluates to exactly its bytes, with nothing the console could take as a key', () => {
  const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
  const lit = byteLiteral(all);
  assert.match(lit, /^"[\x20-\x7e]*"$/, 'printable ASCII only');
  const value = new Function(`return ${lit}`)() as string;
  assert.deepEqual(Buffer.from(value, 'latin1'), all);
});

/** Rebuild the file from a plan the way the board does. */
function rebuild(chunks: ReturnType<typeof planChunks>, size: number): Buffer {
  const out = Buffer.alloc(size, 0xff);
  for (const c of chunks) {
    const value = new Function(`return ${c.payload}`)() as string;
    const raw = c.compressed ? Buffer.from(heatshrinkDecompress(Buffer.from(value, 'base64'))) : Buffer.from(value, 'latin1');
    assert.equal(crc32(raw), c.crc, `chunk ${c.index} CRC`);
    raw.copy(out, c.offset);
  }
  return out;
}

test('chunk lines fit half the input buffer and rebuild the file, plain or compressed', () => {
  assert.ok(MAX_LINE_BYTES * LINES_IN_FLIGHT <= INPUT_BUFFER_BYTES);
  const js = Buffer.from(`function f(a){return "x\\n"+a}\n`.repeat(700) + 'print("é ✓");\n', 'utf8');
  const binary = patternBytes(9000);
  for (const data of [js, binary]) {
    for (const compress of [false, true]) {
      const budget = payloadBudget('espkit.a', data.length);
      const chunks = planChunks(data, { payloadBudget: budget, compress });
      for (const c of chunks) {
        const line = `\x10${chunkLine('espkit.a', data.length, c)}\n`;
        assert.ok(line.length <= MAX_LINE_BYTES, `line of ${line.length} bytes`);
        assert.match(line.slice(1, -1), /^[\x20-\x7e]*$/);
      }
      assert.equal(chunks[0]!.offset, 0);
      assert.deepEqual(rebuild(chunks, data.length), data);
      if (!compress) assert.ok(chunks.every((c) => !c.compressed));
    }
  }
  // compression means fewer lines, for JavaScript and even for binary (base64 beats \xNN escapes)
  for (const data of [js, binary]) {
    const plain = planChunks(data, { payloadBudget: 1900, compress: false });
    const packed = planChunks(data, { payloadBudget: 1900, compress: true });
    assert.ok(packed.length < plain.length, `${packed.length} compressed lines vs ${plain.length} plain`);
  }
});

test('a tiny budget is refused rather than looping', () => {
  assert.throws(() => planChunks(Buffer.from('abc'), { payloadBudget: 4, compress: false }), /too small/);
});

test('boot slots alternate and only our exact stubs count as ours', () => {
  assert.equal(activeSlot(bootStub('espkit.a')), 'espkit.a');
  assert.equal(activeSlot(bootStub('espkit.b')), 'espkit.b');
  assert.equal(activeSlot('print("hello")'), undefined);
  assert.equal(activeSlot(undefined), undefined);
  assert.equal(nextSlot('espkit.a'), 'espkit.b');
  assert.equal(nextSlot('espkit.b'), 'espkit.a');
  assert.equal(nextSlot(undefined), 'espkit.a');
});
