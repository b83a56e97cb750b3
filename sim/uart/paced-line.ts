// One direction of a serial line: bytes leave at the sender's baud, 10 bits each (8N1: start, 8 data, stop).
// Delivery times are computed against a monotonic clock, never by counting timer ticks: a burst that starts
// at t0 has its k-th byte complete at exactly t0 + (k + 1) * 10 / baud, so late timers deliver more bytes at
// once instead of drifting, and there is one timer per line, not one per byte.
// Node's timers sleep whole milliseconds and wake late on a busy machine, which would add a millisecond or two
// to the end of every burst (a 14-byte reply at 921600 is 0.15 ms on the wire). The last stretch of what is
// queued is therefore waited out on the event loop's check phase instead: the receiver gets the final byte as
// soon as the line would have delivered it, never earlier, and the spinning is bounded to that stretch.
import { performance } from 'node:perf_hooks';

export const BITS_PER_BYTE = 10;

export interface PacedLineOptions {
  /** False: deliver on the next turn of the event loop, as fast as the machine goes (for tests). */
  paced: boolean;
  /** Called with bytes whose last bit has arrived, in order, and the baud they were sent at. */
  deliver: (data: Buffer, baud: number) => void;
  /** The clock in milliseconds (tests and benches may pass their own); default performance.now. */
  now?: () => number;
}

interface Segment {
  data: Buffer;
  baud: number;
  /** When the first bit of data[0] went on the wire (ms). */
  start: number;
  /** How many bytes of `data` were delivered already. */
  sent: number;
}

/** How close to the end of what is queued the line stops sleeping on timers (they wake a millisecond late). */
const SPIN_MS = 1.5;

/** Milliseconds one byte occupies the wire at `baud`. */
export function byteTimeMs(baud: number): number {
  return (BITS_PER_BYTE * 1000) / baud;
}

export class PacedLine {
  private readonly segments: Segment[] = [];
  private readonly now: () => number;
  /** When the line finishes the last queued byte (ms). */
  private busyUntil = 0;
  private timer: NodeJS.Timeout | undefined;
  private immediate: NodeJS.Immediate | undefined;
  private closed = false;
  private idleWaiters: Array<() => void> = [];
  private delivered = 0;

  constructor(private readonly options: PacedLineOptions) {
    this.now = options.now ?? (() => performance.now());
  }

  /** Queue bytes sent at `baud`. They follow whatever is still on the line. */
  send(data: Uint8Array, baud: number): void {
    if (this.closed || data.length === 0) return;
    const now = this.now();
    const start = Math.max(now, this.busyUntil);
    this.busyUntil = start + data.length * byteTimeMs(baud);
    this.segments.push({ data: Buffer.from(data), baud, start, sent: 0 });
    this.schedule();
  }

  /** Bytes queued but not yet delivered. */
  get pending(): number {
    let n = 0;
    for (const s of this.segments) n += s.data.length - s.sent;
    return n;
  }

  /** Bytes delivered since the line was created. */
  get deliveredCount(): number {
    return this.delivered;
  }

  /** Resolves once every queued byte has been delivered (or the line was purged or closed). */
  whenIdle(): Promise<void> {
    if (this.segments.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Drop everything not yet delivered (a reset, an RFC 2217 PURGE-DATA, an unplug). */
  purge(): void {
    this.segments.length = 0;
    this.busyUntil = Math.min(this.busyUntil, this.now());
    this.cancelTimers();
    this.settleIdle();
  }

  close(): void {
    this.closed = true;
    this.purge();
  }

  private schedule(): void {
    if (this.timer || this.immediate || this.segments.length === 0) return;
    if (!this.options.paced) {
      this.immediate = setImmediate(() => { this.immediate = undefined; this.flushAll(); });
      return;
    }
    const head = this.segments[0]!;
    const due = head.start + (head.sent + 1) * byteTimeMs(head.baud);
    const now = this.now();
    if (this.busyUntil - now <= SPIN_MS) {
      this.immediate = setImmediate(() => { this.immediate = undefined; this.tick(); });
      return;
    }
    // At least 1 ms between wake-ups: a late timer simply delivers more bytes, the clock keeps them on time.
    // The timer aims to wake before the tail so that the tail is spun out exactly.
    const wait = Math.max(1, Math.min(due, this.busyUntil - SPIN_MS) - now);
    this.timer = setTimeout(() => { this.timer = undefined; this.tick(); }, wait);
  }

  private tick(): void {
    const now = this.now();
    while (this.segments.length > 0) {
      const s = this.segments[0]!;
      const due = Math.min(s.data.length, Math.floor(((now - s.start) * s.baud) / (BITS_PER_BYTE * 1000) + 1e-9));
      if (due > s.sent) {
        const chunk = s.data.subarray(s.sent, due);
        s.sent = due;
        this.emit(chunk, s.baud);
        if (this.closed) return;
        if (this.segments[0] !== s) continue; // the receiver purged the line (a reset) while handling the bytes
      }
      if (s.sent < s.data.length) break;
      this.segments.shift();
    }
    if (this.segments.length === 0) this.settleIdle();
    else this.schedule();
  }

  private flushAll(): void {
    while (this.segments.length > 0) {
      const s = this.segments.shift()!;
      this.emit(s.data.subarray(s.sent), s.baud);
      if (this.closed) return;
    }
    this.settleIdle();
  }

  private emit(chunk: Buffer, baud: number): void {
    this.delivered += chunk.length;
    this.options.deliver(chunk, baud);
  }

  private cancelTimers(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.immediate) clearImmediate(this.immediate);
    this.timer = undefined;
    this.immediate = undefined;
  }

  private settleIdle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
}
