// Small stand-ins for an Espruino release's three images (bootloader, partition table, application), with
// valid headers and no real code, so a virtual board can boot into Espruino without a release being flashed
// first (tests, demos, machines without the release files). Formats: esptool docs "Firmware Image Format"
// and ESP-IDF "Partition Tables" (32-byte entries starting 0xAA 0x50).
import type { BoardProfile } from '../../host/board.ts';
import type { FlashStore } from '../personality.ts';
import { IMAGE_MAGIC, readImageHeader } from './flash-boot.ts';

interface Segment {
  loadAddress: number;
  data: Buffer;
}

/** An ESP32 image: header, extended header, segments, checksum byte padded to 16 bytes. */
export function buildImage(segments: Segment[], entry: number, flashMode = 2 /* DIO */, sizeFreq = 0x20 /* 4MB, 40m */): Buffer {
  const header = Buffer.alloc(24);
  header[0] = IMAGE_MAGIC;
  header[1] = segments.length;
  header[2] = flashMode;
  header[3] = sizeFreq;
  header.writeUInt32LE(entry >>> 0, 4);
  header[8] = 0xee; // WP pin: not used
  const parts: Buffer[] = [header];
  let checksum = 0xef;
  for (const s of segments) {
    const h = Buffer.alloc(8);
    h.writeUInt32LE(s.loadAddress >>> 0, 0);
    h.writeUInt32LE(s.data.length, 4);
    parts.push(h, s.data);
    for (const b of s.data) checksum ^= b;
  }
  const body = Buffer.concat(parts);
  const padded = Buffer.alloc((Math.floor(body.length / 16) + 1) * 16);
  body.copy(padded);
  padded[padded.length - 1] = checksum;
  return padded;
}

function partitionEntry(type: number, subtype: number, offset: number, size: number, label: string): Buffer {
  const e = Buffer.alloc(32);
  e[0] = 0xaa;
  e[1] = 0x50;
  e[2] = type;
  e[3] = subtype;
  e.writeUInt32LE(offset, 4);
  e.writeUInt32LE(size, 8);
  e.write(label, 12, 16, 'latin1');
  return e;
}

/** The three placeholder images for a board profile. */
export function placeholderImages(board: BoardProfile): Array<{ offset: number; data: Buffer }> {
  const bootloader = buildImage([
    { loadAddress: 0x3fff0018, data: Buffer.alloc(4) },
    { loadAddress: 0x3fff001c, data: Buffer.alloc(64) },
    { loadAddress: 0x40078000, data: Buffer.alloc(256) },
    { loadAddress: 0x40080400, data: Buffer.alloc(128) },
  ], 0x40080400);
  const table = Buffer.alloc(0xc00, 0xff);
  partitionEntry(0x01, 0x02, 0x9000, 0x6000, 'nvs').copy(table, 0);
  partitionEntry(0x01, 0x01, 0xf000, 0x1000, 'phy_init').copy(table, 32);
  partitionEntry(0x00, 0x00, board.images.app, board.appPartitionSize, 'factory').copy(table, 64);
  const app = buildImage([
    { loadAddress: 0x3f400020, data: Buffer.from('Espruino placeholder image (virtual board)\0', 'latin1') },
    { loadAddress: 0x400d0018, data: Buffer.alloc(256) },
  ], 0x400d0018);
  return [
    { offset: board.images.bootloader, data: bootloader },
    { offset: board.images.partitions, data: table },
    { offset: board.images.app, data: app },
  ];
}

/** Write the placeholders unless the flash already holds an application image. Returns true if it wrote them. */
export function installPlaceholderFirmware(flash: FlashStore, board: BoardProfile): boolean {
  if (readImageHeader(flash, board.images.app) && readImageHeader(flash, board.images.bootloader)) return false;
  for (const { offset, data } of placeholderImages(board)) {
    flash.erase(offset, Math.ceil(data.length / 4096) * 4096);
    flash.write(offset, data);
  }
  flash.sync();
  return true;
}
