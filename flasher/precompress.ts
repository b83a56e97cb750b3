// Making the smaller streams the deflate cache keeps (flasher/deflate-cache.ts): Zopfli in a worker thread,
// once per image content. Either awaited (`espkit flash --precompress`: this flash already uses them) or in
// the background while a release is flashed with zlib level 9 as before (the next flash uses them; if the
// flash ends first, the unfinished work is dropped and done again next time, so no flash waits for it).
import { deflate } from 'node:zlib';
import { promisify } from 'node:util';
import type { Region } from './images/regions.ts';
import { readCachedStream, sha256, writeCachedStream } from './deflate-cache.ts';
import { ZopfliWorker } from './zopfli.ts';

const deflateAsync = promisify(deflate);

export interface PrecompressResult {
  name: string;
  size: number;
  /** zlib level 9's stream for the same bytes (what is sent without the cache); not measured when cached. */
  zlib9?: number;
  /** The stream now in the cache (Zopfli's, or zlib 9's where Zopfli did not do better). */
  stream: number;
  /** It was in the cache already: nothing was made. */
  cached: boolean;
  /** Why it could not be kept (an unwritable cache); the flash then uses zlib 9. */
  notKept?: string;
  seconds: number;
}

export interface PrecompressOptions {
  /** The cache's root folder (default: the project's cache, see cacheRoot()). */
  cacheDir?: string;
  note?: (line: string) => void;
  /** Called when a region's stream is not cached and is being made (for a progress line). */
  onRegion?: (name: string) => void;
}

type Source = Pick<Region, 'name' | 'data'>;

/** The worker is started on the first region that needs it: with everything cached, none is. */
class LazyWorker {
  private worker: ZopfliWorker | undefined;
  private stopped = false;

  constructor(private readonly background: boolean) {}

  get(): ZopfliWorker {
    if (this.stopped) throw new Error('the Zopfli work was stopped');
    if (!this.worker) {
      this.worker = new ZopfliWorker();
      if (this.background) this.worker.unref();
    }
    return this.worker;
  }

  async close(): Promise<void> {
    this.stopped = true;
    await this.worker?.close();
  }
}

async function one(region: Source, worker: LazyWorker, options: PrecompressOptions): Promise<PrecompressResult> {
  const started = performance.now();
  const digest = sha256(region.data);
  const seconds = (): number => (performance.now() - started) / 1000;
  const found = await readCachedStream(region.data, options.cacheDir, digest);
  if (found.found) return { name: region.name, size: region.data.length, stream: found.stream.length, cached: true, seconds: seconds() };
  if (found.why === 'corrupt') options.note?.(`the cached stream of ${region.name} was damaged: removed, and made again`);
  options.onRegion?.(region.name);
  const [zopfli, zlib9] = await Promise.all([worker.get().zlib(region.data), deflateAsync(region.data, { level: 9 })]);
  // Keeping zlib 9's stream where Zopfli lost still saves its deflate next time, and the cache never holds
  // a stream larger than what would be sent without it.
  const best = zopfli.length < zlib9.length ? zopfli : zlib9;
  const notKept = writeCachedStream(digest, best, options.cacheDir);
  if (notKept) options.note?.(`the deflate cache could not keep ${region.name}'s stream (${notKept}); flashing it uses zlib level 9`);
  return { name: region.name, size: region.data.length, zlib9: zlib9.length, stream: best.length, cached: false, ...(notKept ? { notKept } : {}), seconds: seconds() };
}

/** Make (or find) the cached stream of every region, one after another, and wait for them. */
export async function precompressRegions(regions: Source[], options: PrecompressOptions = {}): Promise<PrecompressResult[]> {
  const worker = new LazyWorker(false);
  try {
    const results: PrecompressResult[] = [];
    for (const region of regions) results.push(await one(region, worker, options));
    return results;
  } finally {
    await worker.close();
  }
}

export interface BackgroundPrecompress {
  /** Settles when every region is done; rejects if the work was stopped or failed. */
  readonly done: Promise<PrecompressResult[]>;
  /** Drop whatever is not finished (what is finished stays in the cache). */
  stop(): Promise<void>;
}

/** The same, without waiting: the caller goes on (flashing) and calls stop() when it is done. */
export function precompressInBackground(regions: Source[], options: PrecompressOptions = {}): BackgroundPrecompress {
  const worker = new LazyWorker(true);
  const done = (async () => {
    const results: PrecompressResult[] = [];
    for (const region of regions) results.push(await one(region, worker, options));
    return results;
  })();
  done.catch(() => {}); // stopping midway rejects it; nobody has to look
  const finished = done.then(() => worker.close(), () => worker.close());
  return {
    done,
    stop: async () => {
      await worker.close();
      await finished;
    },
  };
}
