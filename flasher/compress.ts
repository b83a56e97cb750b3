// Deflating the regions and counting what each block inflates to. A region whose bytes have a stream in the
// deflate cache (flasher/deflate-cache.ts: Zopfli's, a few per cent smaller) goes out as that stream, checked
// before use; any other is deflated with zlib level 9, as esptool does. For a 1.4 MB application either is
// well under a second of work; it runs on libuv's thread pool while the board is reset, synced and given its
// stub, so that the first block can go out as soon as the stub answers.
import { createInflate, deflate, constants as zlibConstants } from 'node:zlib';
import { promisify } from 'node:util';
import type { PreparedRegion } from './images/regions.ts';
import { CACHED_COMPRESSOR, readCachedStream } from './deflate-cache.ts';

const deflateAsync = promisify(deflate);

/** The block size of esptool's stubs (MAX_WRITE_BLOCK): what the loader reports once the stub runs. */
export const STUB_BLOCK_SIZE = 0x4000;

export interface CompressedRegion {
  data: Buffer;
  /** Uncompressed bytes each block of `blockSize` compressed bytes becomes. */
  inflated: number[];
  blockSize: number;
  /** What made the stream: the cached compressor's name, or "zlib-9". */
  compressor: string;
}

export interface CompressOptions {
  /** The cache's root folder; false: do not look (default: the project's cache). */
  deflateCache?: string | false;
  note?: (line: string) => void;
}

export async function compressRegion(region: PreparedRegion, blockSize = STUB_BLOCK_SIZE, options: CompressOptions = {}): Promise<CompressedRegion> {
  const cached = options.deflateCache === false ? undefined : await readCachedStream(region.data, options.deflateCache);
  if (cached && !cached.found && cached.why === 'corrupt') options.note?.(`the cached stream of ${region.name} did not inflate to its bytes: removed; using zlib level 9`);
  const data = cached?.found ? cached.stream : await deflateAsync(region.data, { level: 9 });
  return { data, inflated: await inflatedBlockSizes(data, blockSize), blockSize, compressor: cached?.found ? CACHED_COMPRESSOR : 'zlib-9' };
}

/** Start compressing every region now; the promises are awaited when each region's turn comes. */
export function compressAhead(regions: PreparedRegion[], options: CompressOptions = {}): Map<PreparedRegion, Promise<CompressedRegion>> {
  const ahead = new Map<PreparedRegion, Promise<CompressedRegion>>();
  for (const region of regions) {
    const pending = compressRegion(region, STUB_BLOCK_SIZE, options);
    pending.catch(() => {}); // awaited (and reported) in writeRegions; never an unhandled rejection meanwhile
    ahead.set(region, pending);
  }
  return ahead;
}

/**
 * How many bytes each compressed block inflates to (esptool feeds a decompressobj block by block for the
 * same reason: a block's erase+write time depends on what it becomes, not on its size on the wire).
 */
export async function inflatedBlockSizes(compressed: Buffer, blockSize: number): Promise<number[]> {
  const inflater = createInflate();
  let total = 0;
  inflater.on('data', (chunk: Buffer) => {
    total += chunk.length;
  });
  const sizes: number[] = [];
  let before = 0;
  for (let at = 0; at < compressed.length; at += blockSize) {
    inflater.write(compressed.subarray(at, at + blockSize));
    await new Promise<void>((resolve) => inflater.flush(zlibConstants.Z_SYNC_FLUSH, () => resolve()));
    await new Promise((resolve) => setImmediate(resolve));
    sizes.push(total - before);
    before = total;
  }
  inflater.destroy();
  return sizes;
}
