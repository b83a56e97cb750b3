// Reading the files out of a release archive (.tgz/.tar.gz/.tar or .zip) in memory. A release is three
// small files, so a full archive library is not needed: these readers handle the formats the Espruino
// builds use (ustar/GNU tar from `tar czf`, zip with stored or deflated entries) and refuse the rest.
// Formats: POSIX ustar (IEEE 1003.1-1988 header: name 0..100, size 124..136 octal, typeflag 156,
// prefix 345..500); GNU long names (typeflag 'L'); pax headers ('x', 'g') are skipped.
// Zip: PKWARE APPNOTE.TXT 4.3 (end of central directory 0x06054b50, central header 0x02014b50,
// local header 0x04034b50; methods 0 stored and 8 deflated).
import { gunzipSync, inflateRawSync, crc32 } from 'node:zlib';

export interface ArchiveEntry {
  path: string;
  data: Buffer;
}

export function isArchiveName(name: string): boolean {
  return /\.(tgz|tar\.gz|tar|zip)$/i.test(name);
}

/** Read every regular file of an archive; `name` picks the format and names the archive in errors. */
export function readArchive(name: string, raw: Buffer): ArchiveEntry[] {
  if (/\.zip$/i.test(name)) return readZip(raw);
  let tar = raw;
  if (/\.(tgz|tar\.gz)$/i.test(name)) {
    try {
      tar = gunzipSync(raw);
    } catch (err) {
      throw new Error(`is not a readable gzip file (${(err as Error).message}): the download or copy may be incomplete`);
    }
  }
  return readTar(tar);
}

function readTar(buf: Buffer): ArchiveEntry[] {
  const out: ArchiveEntry[] = [];
  let longName: string | undefined;
  for (let at = 0; at + 512 <= buf.length;) {
    const header = buf.subarray(at, at + 512);
    if (header.every((b) => b === 0)) break; // end-of-archive blocks
    if (header.toString('latin1', 257, 262) !== 'ustar') throw new Error(`is not a tar archive (no ustar header at byte ${at})`);
    const field = (from: number, to: number): string => header.toString('latin1', from, to).replace(/\0.*$/s, '');
    const size = parseInt(field(124, 136).trim() || '0', 8);
    const type = String.fromCharCode(header[156]!);
    const dataStart = at + 512;
    if (dataStart + size > buf.length) throw new Error(`is truncated (an entry needs ${size} bytes past the end of the file)`);
    const data = buf.subarray(dataStart, dataStart + size);
    const prefix = field(345, 500);
    const name = longName ?? (prefix ? `${prefix}/${field(0, 100)}` : field(0, 100));
    longName = undefined;
    if (type === 'L') longName = data.toString('latin1').replace(/\0.*$/s, '');
    else if (type === '0' || type === '\0' || type === '7') out.push({ path: name, data: Buffer.from(data) });
    at = dataStart + Math.ceil(size / 512) * 512;
  }
  return out;
}

function readZip(buf: Buffer): ArchiveEntry[] {
  // The end-of-central-directory record is the last 22 bytes plus an optional comment of up to 64 KB.
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('is not a zip file, or it is truncated (no end-of-central-directory record)');
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const out: ArchiveEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (at + 46 > buf.length || buf.readUInt32LE(at) !== 0x02014b50) throw new Error('has a damaged central directory');
    const method = buf.readUInt16LE(at + 10);
    const crc = buf.readUInt32LE(at + 16);
    const compSize = buf.readUInt32LE(at + 20);
    const size = buf.readUInt32LE(at + 24);
    const nameLen = buf.readUInt16LE(at + 28);
    const extraLen = buf.readUInt16LE(at + 30);
    const commentLen = buf.readUInt16LE(at + 32);
    const local = buf.readUInt32LE(at + 42);
    const path = buf.toString('utf8', at + 46, at + 46 + nameLen);
    at += 46 + nameLen + extraLen + commentLen;
    if (path.endsWith('/')) continue;
    if (local + 30 > buf.length || buf.readUInt32LE(local) !== 0x04034b50) throw new Error(`has a damaged entry for ${path}`);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    if (start + compSize > buf.length) throw new Error(`is truncated (${path} runs past the end)`);
    const packed = buf.subarray(start, start + compSize);
    let data: Buffer;
    if (method === 0) data = Buffer.from(packed);
    else if (method === 8) data = inflateRawSync(packed);
    else throw new Error(`uses compression method ${method} for ${path}; only stored and deflated entries are supported`);
    if (data.length !== size || crc32(data) !== crc) throw new Error(`has a damaged entry ${path} (size or CRC-32 mismatch)`);
    out.push({ path, data });
  }
  return out;
}
