// Espruino-shaped images for tests, benchmarks and demos: valid ESP32 image headers (segments, checksum,
// appended SHA-256), an ESP-IDF partition table with its MD5, and an application of the real release's
// size whose contents compress like real Xtensa code (a 1.4 MB Espruino app deflates to about 62%:
// 1,388,912 -> 858,612 bytes in Espressif's published figures, docs/esp32-serial.md).
// Deterministic for a given seed, so a test can compare flash contents byte for byte.
import { createHash } from 'node:crypto';
import type { ReleaseFiles } from './release.ts';

export interface SegmentSpec {
  address: number;
  data: Uint8Array;
}

export interface ImageSpec {
  segments: SegmentSpec[];
  entry?: number;
  /** esp_chip_id_t: 0 is the ESP32. */
  chipId?: number;
  hashAppended?: boolean;
  /** Byte 2 (SPI mode) and byte 3 (size << 4 | freq). Defaults: dio, 2MB/40m as ESP-IDF builds often carry. */
  flashMode?: number;
  flashSizeFreq?: number;
}

/** Build an image the way esptool's elf2image lays it out (bin_image.py ESP32FirmwareImage.save). */
export function makeEspImage(spec: ImageSpec): Buffer {
  const parts: Buffer[] = [];
  const header = Buffer.alloc(24);
  header[0] = 0xe9;
  header[1] = spec.segments.length;
  header[2] = spec.flashMode ?? 2;
  header[3] = spec.flashSizeFreq ?? 0x10;
  header.writeUInt32LE(spec.entry ?? 0x40080000, 4);
  header[8] = 0xee; // wp pin disabled
  header.writeUInt16LE(spec.chipId ?? 0, 12);
  header.writeUInt16LE(0xffff, 17); // max_chip_rev_full: not set
  header[23] = spec.hashAppended === false ? 0 : 1;
  parts.push(header);
  let length = header.length;
  let checksum = 0xef;
  for (const seg of spec.segments) {
    const sh = Buffer.alloc(8);
    sh.writeUInt32LE(seg.address, 0);
    sh.writeUInt32LE(seg.data.length, 4);
    parts.push(sh, Buffer.from(seg.data));
    length += 8 + seg.data.length;
    for (const b of seg.data) checksum ^= b;
  }
  const pad = 15 - (length % 16);
  parts.push(Buffer.alloc(pad), Buffer.from([checksum]));
  let image = Buffer.concat(parts);
  if (spec.hashAppended !== false) image = Buffer.concat([image, createHash('sha256').update(image).digest()]);
  return image;
}

export interface PartitionSpec {
  label: string;
  type: number;
  subtype: number;
  offset: number;
  size: number;
}

/** Espruino's ESP32 table (partitions_espruino.csv): nvs, phy_init, a 2 MB factory app, Storage data. */
export const ESPRUINO_PARTITIONS: PartitionSpec[] = [
  { label: 'nvs', type: 1, subtype: 0x02, offset: 0x9000, size: 0x6000 },
  { label: 'phy_init', type: 1, subtype: 0x01, offset: 0xf000, size: 0x1000 },
  { label: 'factory', type: 0, subtype: 0x00, offset: 0x10000, size: 0x200000 },
  { label: 'storage', type: 1, subtype: 0x81, offset: 0x320000, size: 0xe0000 },
];

/** A binary partition table as gen_esp32part.py writes it: entries, the MD5 entry, 0xFF to 0xC00. */
export function makePartitionTable(parts: PartitionSpec[] = ESPRUINO_PARTITIONS, withMd5 = true): Buffer {
  const entries = parts.map((p) => {
    const e = Buffer.alloc(32);
    e[0] = 0xaa;
    e[1] = 0x50;
    e[2] = p.type;
    e[3] = p.subtype;
    e.writeUInt32LE(p.offset, 4);
    e.writeUInt32LE(p.size, 8);
    e.write(p.label, 12, 16, 'latin1');
    return e;
  });
  const body = Buffer.concat(entries);
  const chunks = [body];
  if (withMd5) {
    const md5 = Buffer.alloc(32, 0xff);
    md5[0] = 0xeb;
    md5[1] = 0xeb;
    createHash('md5').update(body).digest().copy(md5, 16);
    chunks.push(md5);
  }
  const table = Buffer.concat(chunks);
  return Buffer.concat([table, Buffer.alloc(0xc00 - table.length, 0xff)]);
}

/** mulberry32: a small seeded PRNG, so generated images are the same on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Bytes that deflate like machine code: 4-byte words, 72% drawn (with a skew) from a dictionary of 512
 * "instructions", the rest random. zlib level 9 takes them to about 64% of their size.
 */
export function codeLikeBytes(length: number, seed = 1): Buffer {
  const rand = prng(seed);
  const out = Buffer.alloc(length);
  const dict = Array.from({ length: 512 }, () => Math.floor(rand() * 0x1_0000_0000) >>> 0);
  for (let i = 0; i + 4 <= length; i += 4) {
    const word = rand() < 0.72 ? dict[Math.floor(rand() * rand() * 512)]! : Math.floor(rand() * 0x1_0000_0000) >>> 0;
    out.writeUInt32LE(word, i);
  }
  for (let i = length - (length % 4); i < length; i++) out[i] = Math.floor(rand() * 256);
  return out;
}

/** An application image of about `size` bytes, laid out like an ESP-IDF app (DROM, DRAM, IRAM, IROM). */
export function makeAppImage(size = 1_400_000, seed = 1, chipId = 0): Buffer {
  const body = Math.max(64, size - 24 - 4 * 8 - 16 - 32);
  const drom = Math.floor(body * 0.25) & ~3;
  const dram = Math.floor(body * 0.03) & ~3;
  const iram = Math.floor(body * 0.07) & ~3;
  const irom = (body - drom - dram - iram) & ~3;
  const bytes = codeLikeBytes(drom + dram + iram + irom, seed);
  let at = 0;
  const take = (n: number): Buffer => bytes.subarray(at, (at += n));
  return makeEspImage({
    chipId,
    entry: 0x40081000,
    segments: [
      { address: 0x3f400020, data: take(drom) },
      { address: 0x3ffb0000, data: take(dram) },
      { address: 0x40080000, data: take(iram) },
      { address: 0x400d0020, data: take(irom) },
    ],
  });
}

/** A second-stage bootloader of about 24 KB (ESP-IDF's is 23-27 KB), flash header dio/40m/2MB as built. */
export function makeBootloaderImage(seed = 2): Buffer {
  const bytes = codeLikeBytes(24_000, seed);
  return makeEspImage({
    entry: 0x40080400,
    flashMode: 2,
    flashSizeFreq: 0x10,
    segments: [
      { address: 0x3fff0030, data: bytes.subarray(0, 4_000) },
      { address: 0x40078000, data: bytes.subarray(4_000, 16_000) },
      { address: 0x40080400, data: bytes.subarray(16_000) },
    ],
  });
}

/** The three files of an Espruino ESP32 release, synthetic but valid. */
export function makeEspruinoRelease(options: { appSize?: number; seed?: number } = {}): ReleaseFiles {
  return {
    bootloader: makeBootloaderImage((options.seed ?? 1) + 1000),
    partitions: makePartitionTable(),
    app: makeAppImage(options.appSize ?? 1_400_000, options.seed ?? 1),
  };
}
