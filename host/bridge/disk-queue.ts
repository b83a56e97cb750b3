// A bounded first-in first-out queue of messages kept on disk, for the lines a bridge could not send while
// the broker was away. It survives a restart of the bridge: what was queued is sent next time, in order.
//
// Layout: FILE holds one record per line (the payload in base64, so any byte is safe); FILE.head holds the
// byte offset of the first record not yet taken. Taking only moves the head (written every so often and on
// close, so a crash can at worst send a few lines twice: at least once, like MQTT QoS 1). The file is
// emptied when the queue drains and compacted when the taken part dominates it. When full, the oldest
// records are dropped (the newest lines say most about a board that is misbehaving now), and counted.
import { closeSync, existsSync, ftruncateSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { EspkitError, oneLine } from '../../core/errors.ts';

export const DEFAULT_QUEUE_MAX = 10_000;
/** Persist the head after this many takes (and always when the queue empties or closes). */
const HEAD_EVERY = 256;
/** Compact once the taken part is at least this big and more than half the file. */
const COMPACT_BYTES = 1 << 20;

export interface DiskQueueOptions {
  /** Most records kept; older ones are dropped beyond it. Default 10,000. */
  maxEntries?: number;
}

interface Entry {
  data: Buffer;
  /** File offset just past this record. */
  end: number;
}

export class DiskQueue {
  readonly maxEntries: number;
  /** Records dropped because the queue was full, since it was opened. */
  dropped = 0;
  private entries: Entry[] = [];
  private first = 0;
  private head = 0;
  private size = 0;
  private untracked = 0;
  private fd: number;
  private closed = false;

  private constructor(readonly file: string, options: DiskQueueOptions) {
    this.maxEntries = options.maxEntries ?? DEFAULT_QUEUE_MAX;
    if (!Number.isInteger(this.maxEntries) || this.maxEntries < 1) throw new RangeError(`bad queue size ${this.maxEntries}`);
    this.load();
    this.fd = openSync(file, 'a');
    this.trimToMax();
  }

  /** Open (creating it and its folder if needed) the queue stored in `file`. */
  static open(file: string, options: DiskQueueOptions = {}): DiskQueue {
    try {
      mkdirSync(dirname(file), { recursive: true });
      return new DiskQueue(file, options);
    } catch (err) {
      if (err instanceof RangeError) throw err;
      throw new EspkitError(`cannot use the queue file ${file}: ${oneLine(err)}`, { cause: err });
    }
  }

  get headFile(): string {
    return `${this.file}.head`;
  }

  get length(): number {
    return this.entries.length - this.first;
  }

  /** Append a record at the tail (dropping the oldest if the queue is full). */
  push(data: Uint8Array): void {
    this.assertOpen();
    const record = `${Buffer.from(data).toString('base64')}\n`;
    writeSync(this.fd, record);
    this.size += Buffer.byteLength(record);
    this.entries.push({ data: Buffer.from(data), end: this.size });
    this.trimToMax();
  }

  /** The oldest record, left in place. */
  peek(): Buffer | undefined {
    return this.entries[this.first]?.data;
  }

  /** Take the oldest record. */
  shift(): Buffer | undefined {
    this.assertOpen();
    const entry = this.entries[this.first];
    if (!entry) return undefined;
    this.first++;
    this.advanceHead(entry.end);
    return entry.data;
  }

  /**
   * Put records back at the head, before everything queued (messages that were handed to the MQTT client
   * but never acknowledged when the bridge stopped: they are older than anything queued).
   */
  prepend(items: readonly Uint8Array[]): void {
    this.assertOpen();
    if (items.length === 0) return;
    const rest = this.entries.slice(this.first).map((e) => e.data);
    this.entries = [...items.map((d) => ({ data: Buffer.from(d), end: 0 })), ...rest.map((data) => ({ data, end: 0 }))];
    this.first = 0;
    this.compact();
    this.trimToMax();
  }

  /** Persist the head and close the file. */
  close(): void {
    if (this.closed) return;
    this.writeHead();
    closeSync(this.fd);
    this.closed = true;
  }

  private trimToMax(): void {
    let end = -1;
    while (this.length > this.maxEntries) {
      end = this.entries[this.first]!.end;
      this.first++;
      this.dropped++;
    }
    if (end >= 0) this.advanceHead(end);
  }

  private advanceHead(end: number): void {
    this.head = end;
    this.untracked++;
    if (this.length === 0) {
      // Drained: start the file afresh.
      ftruncateSync(this.fd, 0);
      this.entries = [];
      this.first = 0;
      this.head = 0;
      this.size = 0;
      this.writeHead();
    } else if (this.head >= COMPACT_BYTES && this.head * 2 > this.size) {
      this.compact();
    } else if (this.untracked >= HEAD_EVERY) {
      this.writeHead();
    }
    if (this.first > 4096 && this.first * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.first);
      this.first = 0;
    }
  }

  private compact(): void {
    const rest = this.entries.slice(this.first);
    const text = rest.map((e) => `${e.data.toString('base64')}\n`).join('');
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, text);
    closeSync(this.fd);
    renameSync(tmp, this.file);
    this.fd = openSync(this.file, 'a');
    let offset = 0;
    this.entries = rest.map((e) => {
      offset += e.data.toString('base64').length + 1;
      return { data: e.data, end: offset };
    });
    this.first = 0;
    this.head = 0;
    this.size = offset;
    this.writeHead();
  }

  private writeHead(): void {
    writeFileSync(this.headFile, String(this.head));
    this.untracked = 0;
  }

  private load(): void {
    if (!existsSync(this.file)) return;
    const content = readFileSync(this.file);
    let head = 0;
    if (existsSync(this.headFile)) {
      const n = Number(readFileSync(this.headFile, 'utf8').trim());
      // A head that is not at a record boundary (torn write, edited file) means "from the start".
      if (Number.isSafeInteger(n) && n > 0 && n <= content.length && content[n - 1] === 0x0a) head = n;
    }
    let start = head;
    for (let i = head; i < content.length; i++) {
      if (content[i] !== 0x0a) continue;
      const b64 = content.subarray(start, i).toString('latin1');
      if (/^[A-Za-z0-9+/]*={0,2}$/.test(b64)) this.entries.push({ data: Buffer.from(b64, 'base64'), end: i + 1 });
      start = i + 1;
    }
    this.head = head;
    this.size = start;
    // Drop a torn last record (the bridge died mid-write) so the next append starts on a clean line.
    if (start < content.length) writeFileSync(this.file, content.subarray(0, start));
  }

  private assertOpen(): void {
    if (this.closed) throw new Error(`the queue ${this.file} is closed`);
  }
}
