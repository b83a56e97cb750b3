// Deflated streams kept between runs, so that an image flashed again goes out as the smallest stream ever
// made for it (Zopfli's, made once; see docs/benchmarks.md) instead of a fresh zlib level 9 one.
//
// A stream is stored under the SHA-256 of the bytes it inflates to, in a folder named after the compressor and
// its settings: <cache>/deflate/<compressor>/<sha256>.zz. Nothing read from there is trusted: a stream is used
// only if it inflates, to the end of the file and no further, to bytes of that very SHA-256 and length (its
// adler32 checked by zlib on the way). Anything else is removed and never flashed. A cache that cannot be
// read or written only costs the smaller stream: flashing goes on with zlib level 9.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflate, type ZlibOptions } from 'node:zlib';
import { cacheRoot } from './images/release.ts';

/** The compressor and settings the cached streams were made with; a change of either is a new folder. */
export const CACHED_COMPRESSOR = 'zopfli-1.0.15-i1';

export const sha256 = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

export function deflateCacheDir(root: string = cacheRoot()): string {
  return join(root, 'deflate', CACHED_COMPRESSOR);
}

export function streamPath(digest: string, root?: string): string {
  return join(deflateCacheDir(root), `${digest}.zz`);
}

interface InflateResult {
  buffer: Buffer;
  engine: { bytesWritten: number };
}

/** zlib's inflate on the thread pool, with how much of the input the stream used. */
function inflateWithInfo(stream: Buffer): Promise<InflateResult> {
  const options: ZlibOptions & { info: true } = { info: true };
  return new Promise((resolve, reject) => {
    inflate(stream, options, (err, result) => (err ? reject(err) : resolve(result as unknown as InflateResult)));
  });
}

/** Whether `stream` is one complete zlib stream of exactly `data`'s bytes. */
export async function streamInflatesTo(stream: Buffer, digest: string, length: number): Promise<boolean> {
  try {
    const { buffer, engine } = await inflateWithInfo(stream);
    return engine.bytesWritten === stream.length && buffer.length === length && sha256(buffer) === digest;
  } catch {
    return false;
  }
}

export type CacheLookup =
  | { found: true; stream: Buffer }
  | { found: false; why: 'absent' | 'unreadable' | 'corrupt' };

/** The cached stream for these bytes, checked; a corrupt one is removed. */
export async function readCachedStream(data: Buffer, root?: string, digest: string = sha256(data)): Promise<CacheLookup> {
  const file = streamPath(digest, root);
  let stream: Buffer;
  try {
    stream = readFileSync(file);
  } catch (err) {
    return { found: false, why: (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'absent' : 'unreadable' };
  }
  if (await streamInflatesTo(stream, digest, data.length)) return { found: true, stream };
  removeQuietly(file);
  return { found: false, why: 'corrupt' };
}

/**
 * Keep a stream for later runs. Written under a temporary name and renamed, so a reader never sees half a
 * file. Returns why it could not be kept, or undefined when it was.
 */
export function writeCachedStream(digest: string, stream: Buffer, root?: string): string | undefined {
  const file = streamPath(digest, root);
  const part = `${file}.${process.pid}.part`;
  try {
    mkdirSync(deflateCacheDir(root), { recursive: true });
    writeFileSync(part, stream);
    renameSync(part, file);
    return undefined;
  } catch (err) {
    removeQuietly(part);
    return (err as Error).message;
  }
}

function removeQuietly(file: string): void {
  try {
    rmSync(file, { force: true });
  } catch {
    // a read-only cache keeps the file; it fails the same check next time and is never used
  }
}
