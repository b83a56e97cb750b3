// The ESP32 serial loader protocol as the chip sees it: request and response packets (inside SLIP), command
// codes and status codes of the ROM and of esptool's stub.
// Sources: esptool docs "Serial Protocol"; esptool flasher_stub/include/stub_flasher.h (stub error codes);
// docs/esp32-serial.md (how the real ROM answers).

export const OP = {
  FLASH_BEGIN: 0x02,
  FLASH_DATA: 0x03,
  FLASH_END: 0x04,
  MEM_BEGIN: 0x05,
  MEM_END: 0x06,
  MEM_DATA: 0x07,
  SYNC: 0x08,
  WRITE_REG: 0x09,
  READ_REG: 0x0a,
  SPI_SET_PARAMS: 0x0b,
  SPI_ATTACH: 0x0d,
  READ_FLASH_SLOW: 0x0e,
  CHANGE_BAUDRATE: 0x0f,
  FLASH_DEFL_BEGIN: 0x10,
  FLASH_DEFL_DATA: 0x11,
  FLASH_DEFL_END: 0x12,
  SPI_FLASH_MD5: 0x13,
  GET_SECURITY_INFO: 0x14,
  // stub only
  ERASE_FLASH: 0xd0,
  ERASE_REGION: 0xd1,
  READ_FLASH: 0xd2,
  RUN_USER_CODE: 0xd3,
} as const;

/** ROM loader error codes (second status byte after a 1). */
export const ROM_ERR = {
  INVALID_MESSAGE: 0x05,
  FAILED_TO_ACT: 0x06,
  INVALID_CRC: 0x07,
  FLASH_WRITE: 0x08,
  FLASH_READ: 0x09,
  READ_LENGTH: 0x0a,
  DEFLATE: 0x0b,
} as const;

/** Stub error codes (the first status byte; 0 is success). */
export const STUB_ERR = {
  OK: 0x00,
  BAD_DATA_LEN: 0xc0,
  BAD_DATA_CHECKSUM: 0xc1,
  BAD_BLOCKSIZE: 0xc2,
  INVALID_COMMAND: 0xc3,
  FAILED_SPI_OP: 0xc4,
  FAILED_SPI_UNLOCK: 0xc5,
  NOT_IN_FLASH_MODE: 0xc6,
  INFLATE_ERROR: 0xc7,
  NOT_ENOUGH_DATA: 0xc8,
  TOO_MUCH_DATA: 0xc9,
  CMD_NOT_IMPLEMENTED: 0xff,
} as const;

/** The payload SYNC carries: 0x07 0x07 0x12 0x20 then 32 x 0x55. */
export const SYNC_PAYLOAD = Buffer.concat([Buffer.from([0x07, 0x07, 0x12, 0x20]), Buffer.alloc(32, 0x55)]);

export interface Request {
  op: number;
  /** The size field as sent (the ROM checks it against the bytes that came). */
  size: number;
  checksum: number;
  data: Buffer;
}

/** A request packet (SLIP payload); undefined for anything that is not one (too short, wrong direction). */
export function parseRequest(packet: Buffer): Request | undefined {
  if (packet.length < 8 || packet[0] !== 0x00) return undefined;
  return {
    op: packet[1]!,
    size: packet.readUInt16LE(2),
    checksum: packet.readUInt32LE(4),
    data: packet.subarray(8),
  };
}

/** A response packet: direction 1, command, size of data, value, data (which ends with the status bytes). */
export function buildResponse(op: number, value: number, data: Uint8Array): Buffer {
  const out = Buffer.alloc(8 + data.length);
  out[0] = 0x01;
  out[1] = op;
  out.writeUInt16LE(data.length, 2);
  out.writeUInt32LE(value >>> 0, 4);
  out.set(data, 8);
  return out;
}

export { dataChecksum } from '../../core/protocol/loader-request.ts';

/** The little-endian 32-bit words of a request's data. */
export function words(data: Buffer, count: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < count; i++) out.push(data.length >= (i + 1) * 4 ? data.readUInt32LE(i * 4) : 0);
  return out;
}

/** The 16-byte header in front of FLASH_DATA / FLASH_DEFL_DATA / MEM_DATA payloads. */
export interface DataHeader {
  size: number;
  seq: number;
  payload: Buffer;
}

export function dataHeader(data: Buffer): DataHeader | undefined {
  if (data.length < 16) return undefined;
  return { size: data.readUInt32LE(0), seq: data.readUInt32LE(4), payload: data.subarray(16) };
}
