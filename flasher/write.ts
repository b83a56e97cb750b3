// Writing prepared regions through the stub: compressed blocks, the MD5 of every region checked against
// the flash afterwards, `--diff` skipping regions whose flash MD5 already matches, and retries.
//
// Reliability beyond esptool: a failed block is tried 3 times (defl-blocks.ts, as esptool does), but a
// block whose ACK was lost is sent twice and the stub inflates it twice, so the region comes out wrong; the
// MD5 check catches that, and here the whole region is then written again (up to `attempts` times) instead
// of ending with "MD5 of file does not match data in flash!". A lost Link is never retried: it is reported.
import { createHash } from 'node:crypto';
import { EspkitError } from '../core/errors.ts';
import type { PreparedRegion } from './images/regions.ts';
import { hex } from './images/regions.ts';
import { cleanMessage, type FlashSession } from './session.ts';
import { LinkLostError } from './web-serial.ts';
import { compressRegion, type CompressedRegion, type CompressOptions } from './compress.ts';
import { sendDeflBlocks } from './defl-blocks.ts';

export { inflatedBlockSizes } from './compress.ts';

export type WritePhase = 'compare' | 'skip' | 'write' | 'verify' | 'retry' | 'done';

export interface RegionProgress {
  index: number;
  count: number;
  name: string;
  address: number;
  phase: WritePhase;
  /** Uncompressed bytes of the region. */
  size: number;
  /** Compressed bytes to send, and sent (acknowledged) so far. */
  total: number;
  sent: number;
  /** Uncompressed bytes the sent blocks inflate to. */
  written: number;
  /** Since this region's write began. */
  elapsedMs: number;
  attempt: number;
  /** For 'retry': why. */
  reason?: string;
}

export interface RegionResult {
  name: string;
  address: number;
  size: number;
  compressed: number;
  seconds: number;
  skipped: boolean;
  attempts: number;
  md5: string;
  /** What deflated the bytes sent: the deflate cache's compressor, or "zlib-9". */
  compressor?: string;
}

export interface WriteOptions extends CompressOptions {
  /** Read each region's MD5 first and skip the ones that already match. */
  diff?: boolean;
  /** Tries per region (the first write plus retries); default 3. */
  attempts?: number;
  onProgress?: (progress: RegionProgress) => void;
  note?: (line: string) => void;
  /** Regions already being compressed (compressAhead), so that the work overlaps the connection. */
  compressed?: Map<PreparedRegion, Promise<CompressedRegion>>;
}

/** Milliseconds per MB esptool allows for erase+write (loader.py ERASE_WRITE_TIMEOUT_PER_MB). */
const ERASE_WRITE_MS_PER_MB = 40_000;
const MIN_TIMEOUT_MS = 3_000;

function perMb(msPerMb: number, bytes: number): number {
  return Math.max(MIN_TIMEOUT_MS, (msPerMb * bytes) / 1e6);
}

export async function writeRegions(session: FlashSession, regions: PreparedRegion[], options: WriteOptions = {}): Promise<RegionResult[]> {
  const { loader, link } = session;
  const attempts = Math.max(1, options.attempts ?? 3);
  const note = options.note ?? (() => {});
  const results: RegionResult[] = [];
  const emptyMd5 = (n: number): string => createHash('md5').update(Buffer.alloc(n, 0xff)).digest('hex');
  for (const [index, region] of regions.entries()) {
    const size = region.data.length;
    const base = { index, count: regions.length, name: region.name, address: region.address, size };
    const report = (p: Omit<RegionProgress, keyof typeof base>): void => options.onProgress?.({ ...base, ...p });
    if (options.diff) {
      report({ phase: 'compare', total: 0, sent: 0, written: 0, elapsedMs: 0, attempt: 1 });
      const current = await guard(() => loader.flashMd5sum(region.address, size), session, `reading the MD5 at ${hex(region.address)}`);
      if (current === region.md5) {
        report({ phase: 'skip', total: 0, sent: 0, written: 0, elapsedMs: 0, attempt: 1 });
        results.push({ name: region.name, address: region.address, size, compressed: 0, seconds: 0, skipped: true, attempts: 0, md5: region.md5 });
        continue;
      }
      note(`${region.name}: flash MD5 ${current} differs from ${region.md5}; writing`);
    }
    const blockSize = loader.FLASH_WRITE_SIZE;
    let prepared = await (options.compressed?.get(region) ?? compressRegion(region, blockSize, options));
    if (prepared.blockSize !== blockSize) prepared = await compressRegion(region, blockSize, options);
    const { data: compressed, inflated } = prepared;
    const lineMsPerByte = 10_000 / session.baud; // 10 bits a byte on the UART
    let lastError = '';
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const started = Date.now();
      let sent = 0;
      let written = 0;
      try {
        report({ phase: 'write', total: compressed.length, sent, written, elapsedMs: 0, attempt });
        const count = await loader.flashDeflBegin(size, compressed.length, region.address);
        const blocks = Array.from({ length: count }, (_, seq) => compressed.subarray(seq * blockSize, (seq + 1) * blockSize));
        const writeMs = (seq: number): number => (seq < 0 ? MIN_TIMEOUT_MS : perMb(ERASE_WRITE_MS_PER_MB, inflated[seq] ?? blocks[seq]!.length));
        await sendDeflBlocks(loader, session.transport, {
          blocks,
          // The stub ACKs a block once received and writes it while the next one arrives, so the wait
          // covers this block's time on the wire plus the previous block's erase+write.
          timeoutMs: (seq) => Math.ceil(blocks[seq]!.length * lineMsPerByte * 1.5) + Math.max(writeMs(seq - 1), writeMs(seq)),
          acknowledged: (seq) => {
            sent += blocks[seq]!.length;
            written += inflated[seq] ?? 0;
            report({ phase: 'write', total: compressed.length, sent, written, elapsedMs: Date.now() - started, attempt });
          },
          note,
        });
        await loader.flashDeflFinish(false, writeMs(count - 1));
        report({ phase: 'verify', total: compressed.length, sent, written, elapsedMs: Date.now() - started, attempt });
        const flashMd5 = await loader.flashMd5sum(region.address, size);
        const seconds = (Date.now() - started) / 1000;
        if (flashMd5 === region.md5) {
          report({ phase: 'done', total: compressed.length, sent, written, elapsedMs: Date.now() - started, attempt });
          results.push({ name: region.name, address: region.address, size, compressed: compressed.length, seconds, skipped: false, attempts: attempt, md5: region.md5, compressor: prepared.compressor });
          break;
        }
        lastError = flashMd5 === emptyMd5(size)
          ? 'the written region reads back empty (all 0xFF)'
          : `the flash MD5 ${flashMd5} does not match the image's ${region.md5}`;
      } catch (err) {
        if (link.destroyed || err instanceof LinkLostError) throw new LinkLostError(link);
        lastError = cleanMessage(err);
      }
      if (attempt === attempts) {
        throw new EspkitError(`writing ${region.name} at ${hex(region.address)} failed ${attempts} times (last: ${lastError}); the link may be noisy: try a lower --baud or another cable`);
      }
      report({ phase: 'retry', total: compressed.length, sent, written, elapsedMs: Date.now() - started, attempt, reason: lastError });
      note(`${region.name}: ${lastError}; writing it again (attempt ${attempt + 1} of ${attempts})`);
      if (!(await session.responsive())) {
        if (link.destroyed) throw new LinkLostError(link);
        throw new EspkitError(`the loader on ${link.name} stopped answering while writing ${region.name} at ${hex(region.address)}: reset the board and run again`);
      }
    }
  }
  return results;
}

/** Run one loader call; a lost link or a dead loader becomes one clear error. */
export async function guard<T>(fn: () => Promise<T>, session: FlashSession, what: string): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (session.link.destroyed || err instanceof LinkLostError) throw new LinkLostError(session.link);
    if (err instanceof EspkitError) throw err;
    throw new EspkitError(`${what} on ${session.link.name} failed: ${cleanMessage(err)}`, { cause: err });
  }
}
