// A boot from flash, as far as the virtual board can follow it without running Xtensa code: the ROM checks the
// second-stage bootloader's image header at 0x1000 and prints the segments it loads; the bootloader checks the
// partition table at 0x8000 and the application image at 0x10000. Each check fails with the messages the real
// chip prints, and a board with a valid application goes on to run it (Espruino).
// Sources: ESP32 boot logs ("invalid header: 0xffffffff" from the ROM with an erased flash; "configsip / mode /
// load: / entry" from the ROM loading a bootloader), esptool docs "Firmware Image Format" (header: magic 0xE9,
// segment count, flash mode, size/frequency, entry; 16-byte extended header on the ESP32; then segments of
// load address + length), ESP-IDF bootloader_support (partition magic 0x50AA, "has invalid magic byte").
import type { BoardProfile } from '../../core/board.ts';
import type { FlashStore } from '../seam/personality.ts';
import { crlf } from './rom-messages.ts';

export const IMAGE_MAGIC = 0xe9;
const PARTITION_MAGIC = 0x50aa;
const HEADER_LEN = 8 + 16; // common header + the ESP32's extended header
const MAX_SEGMENTS = 16;

export interface ImageSegment {
  loadAddress: number;
  length: number;
}

export interface ImageHeader {
  segments: ImageSegment[];
  flashMode: number;
  /** Low nibble of byte 3: the SPI clock. */
  flashFreq: number;
  entry: number;
}

const MODE_NAMES = ['QIO', 'QOUT', 'DIO', 'DOUT'];
/** SPI clock divider the ROM prints for each frequency code (80 MHz source: 80m=1, 40m=2, 26m=3, 20m=4). */
const CLOCK_DIV: Record<number, number> = { 0xf: 1, 0x0: 2, 0x1: 3, 0x2: 4 };

/** Parse an image header and its segment table; undefined if the magic or the layout is wrong. */
export function readImageHeader(flash: FlashStore, offset: number): ImageHeader | undefined {
  if (offset + HEADER_LEN > flash.size) return undefined;
  const head = flash.read(offset, HEADER_LEN);
  if (head[0] !== IMAGE_MAGIC) return undefined;
  const count = head[1]!;
  if (count === 0 || count > MAX_SEGMENTS) return undefined;
  const segments: ImageSegment[] = [];
  let pos = offset + HEADER_LEN;
  for (let i = 0; i < count; i++) {
    if (pos + 8 > flash.size) return undefined;
    const seg = flash.read(pos, 8);
    const segment = { loadAddress: seg.readUInt32LE(0), length: seg.readUInt32LE(4) };
    pos += 8 + segment.length;
    if (pos > flash.size) return undefined;
    segments.push(segment);
  }
  return { segments, flashMode: head[2]!, flashFreq: head[3]! & 0xf, entry: head.readUInt32LE(4) };
}

export type FlashBootResult =
  | { ok: true; output: string }
  | { ok: false; output: string; reason: string };

/** IDF log lines carry milliseconds since boot; these are typical values for a DevKit. */
function idfError(ms: number, tag: string, text: string): string {
  return `E (${ms}) ${tag}: ${text}`;
}

/**
 * What the chip prints from the boot-mode line on, and whether it ends up running the application.
 * `output` does not include the reset banner (sim/boot/rom-messages.ts).
 */
export function bootFromFlash(flash: FlashStore, board: BoardProfile): FlashBootResult {
  const bootloaderAt = board.images.bootloader;
  const bootloader = readImageHeader(flash, bootloaderAt);
  if (!bootloader) {
    const word = flash.read(bootloaderAt, 4).readUInt32LE(0);
    // The ROM retries the header until the RTC watchdog resets the chip; the board prints the first round.
    const line = `invalid header: 0x${word.toString(16).padStart(8, '0')}`;
    return { ok: false, output: crlf(Array(8).fill(line)), reason: `no valid bootloader image at 0x${bootloaderAt.toString(16)}` };
  }
  const lines = [
    'configsip: 0, SPIWP:0xee',
    'clk_drv:0x00,q_drv:0x00,d_drv:0x00,cs0_drv:0x00,hd_drv:0x00,wp_drv:0x00',
    `mode:${MODE_NAMES[bootloader.flashMode] ?? 'DIO'}, clock div:${CLOCK_DIV[bootloader.flashFreq] ?? 2}`,
    ...bootloader.segments.map((s) => `load:0x${s.loadAddress.toString(16).padStart(8, '0')},len:${s.length}`),
    `entry 0x${bootloader.entry.toString(16).padStart(8, '0')}`,
  ];
  const partitions = flash.read(board.images.partitions, 2).readUInt16LE(0);
  if (partitions !== PARTITION_MAGIC) {
    lines.push(
      idfError(55, 'flash_parts', `partition 0 invalid magic number 0x${partitions.toString(16)}`),
      idfError(58, 'boot', 'Failed to verify partition table'),
      idfError(63, 'boot', 'load partition table error!'),
    );
    return { ok: false, output: crlf(lines), reason: `no valid partition table at 0x${board.images.partitions.toString(16)}` };
  }
  const app = readImageHeader(flash, board.images.app);
  if (!app) {
    const at = `0x${board.images.app.toString(16)}`;
    lines.push(
      idfError(97, 'esp_image', `image at ${at} has invalid magic byte (nothing flashed here?)`),
      idfError(104, 'boot', 'Factory app partition is not bootable'),
      idfError(110, 'boot', 'No bootable app partitions in the partition table'),
    );
    return { ok: false, output: crlf(lines), reason: `no valid application image at ${at}` };
  }
  return { ok: true, output: crlf(lines) };
}
