// Reading flash through the stub (READ_FLASH 0xd2), checked by the MD5 the stub sends after the data.
// Protocol (esptool loader.py read_flash): the command carries {offset, length, packet size, packets in
// flight}; the stub answers, then sends the data in packets of `packet size` bytes; the host acknowledges
// each with the total received so far (u32, SLIP-framed); after the last packet comes a 16-byte MD5 of
// the data. esptool-js 0.7.0's readFlash never reads that digest (it stays in the input buffer); this one
// checks it, and reads in chunks so that a damaged chunk is read again instead of failing the whole backup.
import { createHash } from 'node:crypto';
import { EspkitError } from '../core/errors.ts';
import { cleanMessage, type FlashSession } from './session.ts';
import { LinkLostError } from './web-serial.ts';
import { hex } from './images/regions.ts';

export interface ReadOptions {
  /** Bytes per READ_FLASH command; a failed chunk is read again. Default 256 KB. */
  chunk?: number;
  /** Tries per chunk; default 3. */
  attempts?: number;
  onProgress?: (done: number, total: number, elapsedMs: number) => void;
  note?: (line: string) => void;
}

const SECTOR = 0x1000;
/** esptool asks for 64 packets in flight: the stub never waits for an ACK while that many are unacknowledged. */
const IN_FLIGHT = 64;

function u32(...values: number[]): Uint8Array {
  const b = Buffer.alloc(4 * values.length);
  values.forEach((v, i) => b.writeUInt32LE(v >>> 0, i * 4));
  return b;
}

async function readChunk(session: FlashSession, address: number, length: number, into: Buffer, at: number, progress: (n: number) => void): Promise<void> {
  const { loader, transport } = session;
  await loader.checkCommand('read flash', loader.ESP_READ_FLASH, u32(address, length, SECTOR, IN_FLIGHT));
  // A packet's time on the wire at the current baud, with room, plus the usual 3 s.
  const timeout = 3000 + Math.ceil((SECTOR * 10 * 1000 * 2) / session.baud);
  let got = 0;
  while (got < length) {
    const packet = await transport.readData(timeout);
    if (got + packet.length > length) throw new Error(`the stub sent ${got + packet.length} bytes for a ${length}-byte read`);
    if (packet.length !== SECTOR && got + packet.length < length) throw new Error(`a ${packet.length}-byte packet where ${SECTOR} were expected`);
    into.set(packet, at + got);
    got += packet.length;
    await transport.write(u32(got));
    progress(packet.length);
  }
  const digest = await transport.readData(timeout);
  if (digest.length !== 16) throw new Error(`expected the 16-byte MD5 after the data, got ${digest.length} bytes`);
  const expected = Buffer.from(digest).toString('hex');
  const actual = createHash('md5').update(into.subarray(at, at + length)).digest('hex');
  if (expected !== actual) throw new Error(`MD5 mismatch (the stub read ${expected}, ${actual} arrived)`);
}

/** Read `size` bytes of flash at `address`. */
export async function readFlash(session: FlashSession, address: number, size: number, options: ReadOptions = {}): Promise<Buffer> {
  const chunk = options.chunk ?? 256 * 1024;
  const attempts = Math.max(1, options.attempts ?? 3);
  const note = options.note ?? (() => {});
  const out = Buffer.alloc(size);
  const started = Date.now();
  let done = 0;
  for (let offset = 0; offset < size; offset += chunk) {
    const length = Math.min(chunk, size - offset);
    for (let attempt = 1; ; attempt++) {
      let counted = 0;
      try {
        await readChunk(session, address + offset, length, out, offset, (n) => {
          counted += n;
          options.onProgress?.(done + counted, size, Date.now() - started);
        });
        done += length;
        break;
      } catch (err) {
        if (session.link.destroyed || err instanceof LinkLostError) throw new LinkLostError(session.link);
        const why = cleanMessage(err);
        if (attempt >= attempts) {
          throw new EspkitError(`reading ${length} bytes at ${hex(address + offset)} failed ${attempts} times (last: ${why}); try a lower --baud or another cable`);
        }
        note(`read at ${hex(address + offset)}: ${why}; reading it again`);
        options.onProgress?.(done, size, Date.now() - started);
        if (!(await session.responsive())) {
          throw new EspkitError(`the loader on ${session.link.name} stopped answering while reading at ${hex(address + offset)}: reset the board and run again`);
        }
      }
    }
  }
  return out;
}
