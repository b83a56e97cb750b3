// The ESP-IDF partition table (the binary at 0x8000): 32-byte entries {magic 0xAA 0x50, type, subtype,
// offset u32, size u32, label[16], flags u32}, optionally followed by an MD5 entry (0xEB 0xEB, 14 bytes
// of 0xFF, the MD5 of the entries before it), ended by 0xFF. Source: ESP-IDF
// components/partition_table/gen_esp32part.py (PartitionDefinition.STRUCT_FORMAT, MD5_PARTITION_BEGIN).
import { createHash } from 'node:crypto';

export interface Partition {
  label: string;
  /** 0 app, 1 data. */
  type: number;
  subtype: number;
  offset: number;
  size: number;
}

const ENTRY = 32;
const MAX_TABLE = 0xc00;

/** Parse a partition table; throws an Error saying what is wrong (callers prefix the file name). */
export function parsePartitionTable(data: Uint8Array): Partition[] {
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const parts: Partition[] = [];
  for (let at = 0; at + ENTRY <= Math.min(buf.length, MAX_TABLE); at += ENTRY) {
    const m0 = buf[at]!;
    const m1 = buf[at + 1]!;
    if (m0 === 0xaa && m1 === 0x50) {
      const label = buf.subarray(at + 12, at + 28).toString('latin1').replace(/\0.*$/s, '');
      parts.push({ label, type: buf[at + 2]!, subtype: buf[at + 3]!, offset: buf.readUInt32LE(at + 4), size: buf.readUInt32LE(at + 8) });
      continue;
    }
    if (m0 === 0xeb && m1 === 0xeb) {
      const stored = buf.subarray(at + 16, at + 32);
      const computed = createHash('md5').update(buf.subarray(0, at)).digest();
      if (!computed.equals(stored)) throw new Error('has an MD5 that does not match its entries: the file is damaged');
      break;
    }
    if (m0 === 0xff && m1 === 0xff) break;
    throw new Error(`is not a partition table (entry ${parts.length + 1} starts with 0x${hex2(m0)} 0x${hex2(m1)}, expected 0xAA 0x50)`);
  }
  if (parts.length === 0) throw new Error('is not a partition table (no entries)');
  return parts;
}

function hex2(n: number): string {
  return n.toString(16).padStart(2, '0');
}
