// Collecting bytes from a stream until a condition holds, bounded by a timeout.
import type { Readable } from 'node:stream';

export function collect(stream: Readable, done: (all: Buffer) => boolean, timeoutMs = 10_000): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const finish = (err?: Error): void => {
      clearTimeout(timer);
      stream.off('data', onData);
      if (err) reject(err);
      else resolve(Buffer.concat(chunks));
    };
    const onData = (chunk: Buffer): void => {
      chunks.push(chunk);
      if (done(Buffer.concat(chunks))) finish();
    };
    const timer = setTimeout(() => finish(new Error(`timed out after ${timeoutMs} ms with ${Buffer.concat(chunks).length} bytes`)), timeoutMs);
    stream.on('data', onData);
  });
}

/** Deterministic pseudo-random bytes (every value 0-255 appears), so failures are reproducible. */
export function patternBytes(length: number, seed = 1): Buffer {
  const out = Buffer.alloc(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}
