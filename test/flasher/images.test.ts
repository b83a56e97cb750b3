// Image headers, partition tables and image-set checks: everything that must fail before a board is touched.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { checkEspImage, patchFlashParams } from '../../flasher/images/esp-image.ts';
import { parsePartitionTable } from '../../flasher/images/partition-table.ts';
import { prepareImageSet, parseNumber, type Region } from '../../flasher/images/regions.ts';
import { makeAppImage, makeEspImage, makeEspruinoRelease, makePartitionTable } from '../../flasher/images/synthetic.ts';
import { loadBoard } from '../../core/board.ts';
import { EspkitError } from '../../core/errors.ts';

const board = loadBoard('esp32-devkit');
const sha256 = (b: Uint8Array): Buffer => createHash('sha256').update(b).digest();

test('a hand-assembled one-segment image matches the generator and passes the checks', () => {
  // 24-byte header, one segment {addr, len 4, 01 02 03 04}: 36 bytes, so the checksum byte sits at 47
  // (the last byte of the 16-byte line) and is 0xEF ^ 1 ^ 2 ^ 3 ^ 4 = 0xEB; the SHA-256 covers 48 bytes.
  const body = Buffer.alloc(48);
  body.set([0xe9, 1, 2, 0x10, 0x00, 0x00, 0x08, 0x40, 0xee], 0);
  body.writeUInt16LE(0xffff, 17);
  body[23] = 1;
  body.writeUInt32LE(0x3ffb0000, 24);
  body.writeUInt32LE(4, 28);
  body.set([1, 2, 3, 4], 32);
  body[47] = 0xeb;
  const handMade = Buffer.concat([body, sha256(body)]);
  const generated = makeEspImage({ entry: 0x40080000, segments: [{ address: 0x3ffb0000, data: Uint8Array.from([1, 2, 3, 4]) }] });
  assert.deepEqual(generated, handMade);
  const info = checkEspImage(handMade);
  assert.equal(info.segments, 1);
  assert.equal(info.dataLength, 48);
  assert.equal(info.imageLength, 80);
  assert.equal(info.hashAppended, true);
  assert.equal(info.chipId, 0);
});

test('damaged images are refused with a reason', () => {
  const good = makeAppImage(50_000, 3);
  const cases: Array<[string, Buffer, RegExp]> = [
    ['bad magic', Buffer.concat([Buffer.from([0xe8]), good.subarray(1)]), /magic 0xE9/],
    ['no segments', Buffer.concat([good.subarray(0, 1), Buffer.from([0]), good.subarray(2)]), /segment count 0/],
    ['17 segments', Buffer.concat([good.subarray(0, 1), Buffer.from([17]), good.subarray(2)]), /segment count 17/],
    ['cut in a segment', good.subarray(0, 30_000), /truncated: segment/],
    ['cut in the digest', good.subarray(0, good.length - 10), /SHA-256 digest the header announces is missing/],
    ['too short', good.subarray(0, 10), /too short/],
  ];
  const flipped = Buffer.from(good);
  flipped[1000] ^= 0x40;
  cases.push(['flipped data byte', flipped, /bad checksum/]);
  const shaOnly = Buffer.from(good);
  shaOnly[shaOnly.length - 1] ^= 1;
  cases.push(['flipped digest byte', shaOnly, /SHA-256 digest that does not match/]);
  for (const [what, data, message] of cases) {
    assert.throws(() => checkEspImage(data), message, what);
  }
});

test('the board flash parameters go into the bootloader header and the digest is recomputed', () => {
  const boot = makeEspruinoRelease({ appSize: 10_000 }).bootloader;
  assert.equal(boot[2], 2);
  assert.equal(boot[3], 0x10); // 2MB, 40m as built
  const { data, changed } = patchFlashParams(boot, { mode: 'qio', freq: '80m', size: '4MB' });
  assert.equal(changed, true);
  assert.equal(data[2], 0); // qio
  assert.equal(data[3], 0x2f); // 4MB << 4 | 80m
  const info = checkEspImage(data); // checksum and digest still valid
  assert.deepEqual(data.subarray(info.dataLength, info.dataLength + 32), sha256(data.subarray(0, info.dataLength)));
  assert.equal(boot[3], 0x10, 'the input is left alone');
  assert.equal(patchFlashParams(data, { mode: 'qio', freq: '80m', size: '4MB' }).changed, false);
});

test('partition tables: entries, MD5 check, garbage', () => {
  const table = makePartitionTable();
  const parts = parsePartitionTable(table);
  assert.deepEqual(parts.map((p) => [p.label, p.offset, p.size]), [
    ['nvs', 0x9000, 0x6000], ['phy_init', 0xf000, 0x1000], ['factory', 0x10000, 0x200000], ['storage', 0x320000, 0xe0000],
  ]);
  const bad = Buffer.from(table);
  bad[4] ^= 1; // nvs offset changes: the MD5 entry no longer matches
  assert.throws(() => parsePartitionTable(bad), /MD5 that does not match/);
  assert.throws(() => parsePartitionTable(Buffer.alloc(64, 0x12)), /not a partition table/);
  assert.equal(parsePartitionTable(makePartitionTable(undefined, false)).length, 4);
});

function release(appSize = 200_000): Region[] {
  const r = makeEspruinoRelease({ appSize });
  return [
    { address: 0x1000, data: r.bootloader, name: 'bootloader.bin' },
    { address: 0x8000, data: r.partitions, name: 'partitions_espruino.bin' },
    { address: 0x10000, data: r.app, name: 'espruino_esp32.bin' },
  ];
}

test('an Espruino-shaped set is prepared: kinds, patched bootloader, 4-byte padding, MD5', () => {
  const regions = release();
  const prepared = prepareImageSet({ regions, description: 'test' }, board);
  assert.deepEqual(prepared.map((p) => p.kind), ['bootloader', 'partitions', 'app']);
  assert.equal(prepared[0]!.patched, true);
  assert.equal(prepared[0]!.data[2], 2); // dio
  assert.equal(prepared[0]!.data[3], 0x20); // 4MB, 40m
  for (const p of prepared) {
    assert.equal(p.data.length % 4, 0);
    assert.equal(p.md5, createHash('md5').update(p.data).digest('hex'));
  }
  assert.deepEqual(prepared[2]!.data, regions[2]!.data, 'the application is written as it is');
});

function refusal(regions: Region[]): string {
  try {
    prepareImageSet({ regions, description: 'test' }, board);
  } catch (err) {
    assert.ok(err instanceof EspkitError, 'an EspkitError');
    assert.doesNotMatch(err.message, /\n/, 'one line');
    return err.message;
  }
  assert.fail('expected a refusal');
}

test('image sets that must not reach the board', () => {
  const r = release();
  assert.match(refusal([{ ...r[2]!, data: makeAppImage(2_200_000) }]), /does not fit the 2,097,152 bytes application partition at 0x10000/);
  assert.match(refusal([...r.slice(0, 2), { ...r[2]!, data: makeAppImage(2_200_000) }]), /does not fit the 2,097,152 bytes "factory" partition/);
  assert.match(refusal([{ address: 0x3f0000, data: Buffer.alloc(0x20000, 1), name: 'big.bin' }]), /big\.bin \(131,072 bytes at 0x3f0000\) does not fit in the 4MB flash: it runs 65,536 bytes past the end/);
  assert.match(refusal([{ address: 0x10000, data: Buffer.alloc(0x9000, 1), name: 'a.bin' }, { address: 0x18000, data: Buffer.alloc(16, 1), name: 'b.bin' }]),
    /a\.bin \(0x10000-0x18fff\) overlaps b\.bin/);
  assert.match(refusal([{ address: 0x10400, data: Buffer.alloc(16, 1), name: 'odd.bin' }]), /does not start on a 4 KB flash sector/);
  assert.match(refusal([{ address: 0x10000, data: makeAppImage(30_000, 1, 9), name: 's3.bin' }]), /s3\.bin is built for the ESP32-S3, but .* has an ESP32/);
  assert.match(refusal([{ address: 0x20000, data: Buffer.alloc(0), name: 'empty.bin' }]), /empty\.bin is empty/);
  const broken = Buffer.from(r[2]!.data);
  broken[5000] ^= 0xff;
  assert.match(refusal([{ ...r[2]!, data: broken }]), /espruino_esp32\.bin has a bad checksum/);
  assert.match(refusal([{ ...r[0]!, data: makeAppImage(40_000) }]), /too big for a bootloader/);
  assert.match(refusal([]), /nothing to flash/);
});

test('a merged image at 0x0 is checked inside and its bootloader header patched', () => {
  const r = makeEspruinoRelease({ appSize: 100_000 });
  const merged = Buffer.alloc(0x10000 + r.app.length, 0xff);
  r.bootloader.copy(merged, 0x1000);
  r.partitions.copy(merged, 0x8000);
  r.app.copy(merged, 0x10000);
  const [p] = prepareImageSet({ regions: [{ address: 0, data: merged, name: 'merged.bin' }], description: 'm' }, board);
  assert.equal(p!.kind, 'merged');
  assert.equal(p!.patched, true);
  assert.equal(p!.data[0x1000 + 3], 0x20);
  checkEspImage(p!.data.subarray(0x1000));
  assert.deepEqual(p!.data.subarray(0x10000, 0x10000 + r.app.length), r.app);
  const broken = Buffer.from(merged);
  broken[0x10000 + 500] ^= 1;
  assert.match(refusal([{ address: 0, data: broken, name: 'merged.bin' }]), /merged\.bin \(application at 0x10000\) has a bad checksum/);
});

test('numbers as people write addresses', () => {
  assert.equal(parseNumber('0x10000', 'address'), 0x10000);
  assert.equal(parseNumber('4096', 'address'), 4096);
  assert.equal(parseNumber('64k', 'size'), 65536);
  assert.equal(parseNumber('1M', 'size'), 1 << 20);
  assert.throws(() => parseNumber('0x', 'address'), /bad address "0x"/);
  assert.throws(() => parseNumber('12q', 'size'), /bad size/);
});

test('the synthetic application compresses like real Espruino code (55-72%)', async () => {
  const { deflateSync } = await import('node:zlib');
  const app = makeAppImage(1_400_000);
  const ratio = deflateSync(app, { level: 9 }).length / app.length;
  assert.ok(ratio > 0.55 && ratio < 0.72, `ratio ${ratio.toFixed(3)}`);
});
