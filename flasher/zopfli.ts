// Zopfli (the @gfx/zopfli WebAssembly build) in a worker thread. Its compress call is synchronous and takes
// seconds for a 1.4 MB image, so on the main thread it would freeze progress output and the serial link.
// The worker is written as source text (as sim/espruino/port-probe.ts does) and given the package's resolved
// path: it then runs the same way from the TypeScript sources and from the bundled CLI.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** numiterations 1: 5 made 1.4 MB images only about 0.25 % smaller for up to twice the time (docs/benchmarks.md). */
export const ZOPFLI_SETTINGS = { numiterations: 1, blocksplitting: true, blocksplittingmax: 15 } as const;

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const zopfli = require(workerData.modulePath);
parentPort.on('message', (job) => {
  zopfli.zlib(job.data, workerData.settings, (err, out) => {
    if (err) parentPort.postMessage({ id: job.id, error: String(err && err.message || err) });
    else parentPort.postMessage({ id: job.id, stream: out }, [out.buffer]);
  });
});
`;

interface WorkerAnswer {
  id: number;
  stream?: Uint8Array;
  error?: string;
}

/** One worker for a batch of streams; `close()` ends it, also midway (pending calls then reject). */
export class ZopfliWorker {
  private readonly worker: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (b: Buffer) => void; reject: (e: Error) => void }>();
  private closed = false;

  constructor() {
    const modulePath = createRequire(import.meta.url).resolve('@gfx/zopfli');
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { modulePath, settings: ZOPFLI_SETTINGS } });
    this.worker.on('message', (answer: WorkerAnswer) => {
      const waiting = this.pending.get(answer.id);
      if (!waiting) return;
      this.pending.delete(answer.id);
      if (answer.stream) waiting.resolve(Buffer.from(answer.stream.buffer, answer.stream.byteOffset, answer.stream.byteLength));
      else waiting.reject(new Error(`Zopfli failed: ${answer.error ?? 'no output'}`));
    });
    this.worker.on('error', (err) => this.failAll(err));
    this.worker.on('exit', () => this.failAll(new Error('the Zopfli worker stopped')));
  }

  /** A zlib stream (header, deflate data, adler32) of `data`. */
  zlib(data: Uint8Array): Promise<Buffer> {
    if (this.closed) return Promise.reject(new Error('the Zopfli worker is closed'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      // a copy goes over, so the caller's buffer stays usable (and may be a slice of a larger one)
      this.worker.postMessage({ id, data: Uint8Array.from(data) });
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.failAll(new Error('the Zopfli worker was closed'));
    await this.worker.terminate();
  }

  /** Let the process end while the worker still runs (a background job that may be dropped). */
  unref(): void {
    this.worker.unref();
  }

  private failAll(err: Error): void {
    this.closed = true;
    for (const { reject } of this.pending.values()) reject(err);
    this.pending.clear();
  }
}
