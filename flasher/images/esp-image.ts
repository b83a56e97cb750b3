// The ESP32 application/bootloader image format: parse and check a header, and patch the flash
// parameters into it the way esptool does.
//
// Layout (ESP-IDF components/bootloader_support/include/esp_app_format.h, esp_image_header_t; esptool
// bin_image.py): 8-byte common header (magic 0xE9, segment count, SPI mode, size<<4|freq, entry),
// 16-byte extended header (wp pin, 3 drive bytes, chip id u16 at 12, min rev at 14, min/max rev full
// u16 at 15/17, 4 reserved, hash_appended at 23), then `segment count` segments of
// {load address u32, length u32, data}. After the last segment the file is padded so that one
// checksum byte (XOR of all segment data, seeded 0xEF) ends on a 16-byte boundary; if hash_appended
// is 1 a SHA-256 of everything before it follows.
import { createHash } from 'node:crypto';
import type { FlashFreq, FlashMode, FlashSize } from '../../core/board.ts';

export const ESP_IMAGE_MAGIC = 0xe9;
/** ESP_IMAGE_MAX_SEGMENTS in ESP-IDF. */
export const MAX_SEGMENTS = 16;
const COMMON_HEADER = 8;
const EXTENDED_HEADER = 16;
const SEGMENT_HEADER = 8;
const SHA256_LEN = 32;
const CHECKSUM_SEED = 0xef;

/** Chip ids of the extended header (esp_chip_id_t). Only the ones worth naming in an error. */
const CHIP_IDS: Record<number, string> = {
  0x0000: 'ESP32', 0x0002: 'ESP32-S2', 0x0005: 'ESP32-C3', 0x0009: 'ESP32-S3', 0x000c: 'ESP32-C2',
  0x000d: 'ESP32-C6', 0x0010: 'ESP32-H2', 0x0012: 'ESP32-P4', 0x0017: 'ESP32-C5', 0x0014: 'ESP32-C61',
};

export function chipIdName(id: number): string {
  return CHIP_IDS[id] ?? `chip id ${id}`;
}

export interface EspImageInfo {
  segments: number;
  flashMode: number;
  /** High nibble of byte 3. */
  flashSizeCode: number;
  /** Low nibble of byte 3. */
  flashFreqCode: number;
  entry: number;
  chipId: number;
  hashAppended: boolean;
  /** Bytes covered by the checksum (and by the SHA-256 when there is one). */
  dataLength: number;
  /** dataLength plus the SHA-256 when present: where the image proper ends. */
  imageLength: number;
}

/**
 * Parse and check an image. Returns the header facts or throws an Error whose message says what is
 * wrong (callers prefix the file name).
 */
export function checkEspImage(data: Uint8Array): EspImageInfo {
  const view = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (view.length < COMMON_HEADER + EXTENDED_HEADER) throw new Error(`is only ${view.length} bytes, too short for an image header`);
  if (view[0] !== ESP_IMAGE_MAGIC) throw new Error(`does not start with the image magic 0xE9 (found 0x${hex2(view[0]!)})`);
  const segments = view[1]!;
  if (segments === 0 || segments > MAX_SEGMENTS) throw new Error(`has an invalid segment count ${segments} (1 to ${MAX_SEGMENTS})`);
  const info: EspImageInfo = {
    segments,
    flashMode: view[2]!,
    flashSizeCode: view[3]! >> 4,
    flashFreqCode: view[3]! & 0x0f,
    entry: view.readUInt32LE(4),
    chipId: view.readUInt16LE(12),
    hashAppended: view[23] === 1,
    dataLength: 0,
    imageLength: 0,
  };
  let offset = COMMON_HEADER + EXTENDED_HEADER;
  let checksum = CHECKSUM_SEED;
  for (let i = 0; i < segments; i++) {
    if (offset + SEGMENT_HEADER > view.length) throw new Error(`is truncated: segment ${i + 1} of ${segments} starts past the end of the file`);
    const length = view.readUInt32LE(offset + 4);
    offset += SEGMENT_HEADER;
    if (offset + length > view.length) throw new Error(`is truncated: segment ${i + 1} of ${segments} needs ${length} bytes, the file has ${view.length - offset}`);
    for (let j = offset; j < offset + length; j++) checksum ^= view[j]!;
    offset += length;
  }
  // esptool's align_file_position(f, 16) then one checksum byte: the byte sits where offset % 16 == 15.
  const checksumAt = offset + (15 - (offset % 16));
  if (checksumAt >= view.length) throw new Error('is truncated: the checksum byte after the last segment is missing');
  if (view[checksumAt] !== checksum) {
    throw new Error(`has a bad checksum (stored 0x${hex2(view[checksumAt]!)}, computed 0x${hex2(checksum)}): the file is damaged`);
  }
  info.dataLength = checksumAt + 1;
  info.imageLength = info.dataLength;
  if (info.hashAppended) {
    if (info.dataLength + SHA256_LEN > view.length) throw new Error('is truncated: the SHA-256 digest the header announces is missing');
    const stored = view.subarray(info.dataLength, info.dataLength + SHA256_LEN);
    const computed = createHash('sha256').update(view.subarray(0, info.dataLength)).digest();
    if (!computed.equals(stored)) throw new Error('has a SHA-256 digest that does not match its contents: the file is damaged');
    info.imageLength += SHA256_LEN;
  }
  return info;
}

/** Codes of the header's flash fields for the ESP32 (esptool targets/esp32.py FLASH_SIZES, FLASH_FREQUENCY). */
export const FLASH_MODE_CODES: Record<FlashMode, number> = { qio: 0, qout: 1, dio: 2, dout: 3 };
export const FLASH_FREQ_CODES: Record<FlashFreq, number> = { '40m': 0x0, '26m': 0x1, '20m': 0x2, '80m': 0xf };
export const FLASH_SIZE_CODES: Record<FlashSize, number> = { '1MB': 0x0, '2MB': 0x1, '4MB': 0x2, '8MB': 0x3, '16MB': 0x4 };

export interface FlashParams {
  mode: FlashMode;
  freq: FlashFreq;
  size: FlashSize;
}

/**
 * Put the board's flash mode/frequency/size into a bootloader image, as esptool's
 * `_update_image_flash_params` (esptool/cmds.py) does for the image written at the bootloader offset:
 * bytes 2 and 3 change, and when a SHA-256 is appended it is recomputed over the image up to the digest
 * (esptool hashes `image[:data_length]`; esptool-js 0.7.0 hashes the bytes AFTER the digest, which is
 * why we do not hand this job to it). Returns a new buffer; the input is not modified. `data` must
 * already have passed checkEspImage.
 */
export function patchFlashParams(data: Uint8Array, params: FlashParams): { data: Buffer; changed: boolean } {
  const out = Buffer.from(data);
  const info = checkEspImage(out);
  const mode = FLASH_MODE_CODES[params.mode];
  const sizeFreq = (FLASH_SIZE_CODES[params.size] << 4) | FLASH_FREQ_CODES[params.freq];
  if (out[2] === mode && out[3] === sizeFreq) return { data: out, changed: false };
  out[2] = mode;
  out[3] = sizeFreq;
  if (info.hashAppended) {
    createHash('sha256').update(out.subarray(0, info.dataLength)).digest().copy(out, info.dataLength);
  }
  return { data: out, changed: true };
}

function hex2(n: number): string {
  return n.toString(16).padStart(2, '0');
}
