// Requests to the ESP32's serial loader (ROM or stub): direction 0, command, data length, checksum word, data.
// The _DATA commands (FLASH_DATA, FLASH_DEFL_DATA, MEM_DATA) carry a 16-byte header (size, sequence, two zero
// words) before their payload, and the checksum word is the payload's XOR seeded with 0xEF.
// Source: esptool docs, "Serial Protocol" > "Command Packet" and "Checksum".
// Shared by the flasher (building requests) and the virtual board's loaders (checking them).
import { slipEncode } from './slip.ts';

const REQUEST_HEADER = 8;
const DATA_HEADER = 16;

/** The XOR checksum of a _DATA command's payload, seeded with 0xEF. */
export function dataChecksum(data: Uint8Array): number {
  let c = 0xef;
  for (let i = 0; i < data.length; i++) c ^= data[i]!;
  return c;
}

/** One request packet (not yet SLIP-framed). */
export function loaderRequest(op: number, data: Uint8Array, checksum = 0): Buffer {
  const out = Buffer.allocUnsafe(REQUEST_HEADER + data.length);
  out[0] = 0x00;
  out[1] = op;
  out.writeUInt16LE(data.length, 2);
  out.writeUInt32LE(checksum >>> 0, 4);
  out.set(data, REQUEST_HEADER);
  return out;
}

/** A _DATA request for block `seq`, SLIP-framed and ready for the line. */
export function dataBlockFrame(op: number, payload: Uint8Array, seq: number): Buffer {
  const packet = Buffer.allocUnsafe(REQUEST_HEADER + DATA_HEADER + payload.length);
  packet[0] = 0x00;
  packet[1] = op;
  packet.writeUInt16LE(DATA_HEADER + payload.length, 2);
  packet.writeUInt32LE(dataChecksum(payload), 4);
  packet.writeUInt32LE(payload.length, 8);
  packet.writeUInt32LE(seq >>> 0, 12);
  packet.writeUInt32LE(0, 16);
  packet.writeUInt32LE(0, 20);
  packet.set(payload, REQUEST_HEADER + DATA_HEADER);
  return slipEncode(packet);
}
