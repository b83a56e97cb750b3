// UART0's receive side as Espruino sees it: a 4096-byte input buffer with XON/XOFF flow control
// (facts/espruino.md), emptied by the interpreter at the speed it can handle the bytes.
//
// - XOFF (0x13) goes out when the buffer is more than three quarters full and XON (0x11) when it has
//   drained below three eighths (IOBUFFER_XOFF/IOBUFFER_XON in scripts/build_platform_config.py);
// - a byte that arrives while the buffer is full is lost and the FIFO_FULL error flag is set
//   (jshPushIOCharEvent / jshIOEventOverflowed in src/jsdevices.c);
// - Ctrl-C (0x03) never enters the buffer: it interrupts at once (jsiCtrlC).
//
// Time: every byte gets the moment it arrived on the wire (at the chip's baud, 10 bits a byte, even when
// the link delivers a burst at once) and the interpreter takes bytes as its own costs allow. The
// buffer's fill is therefore what it would be on a chip whether or not the link paces its bytes; when a
// burst arrives faster than real time, the board's clock runs ahead of the wall clock (see BoardClock).

import { CTRL_C, RX_CAPACITY, XOFF, XOFF_AT, XON, XON_AT } from '../../core/espruino/console-bytes.ts';

/** The virtual board's clock in milliseconds; it follows the wall clock but may be ahead of it. */
export class BoardClock {
  private skew = 0;
  now(): number {
    return performance.now() + this.skew;
  }
  /** Bring the clock forward to t (when work happens earlier than the wall clock would allow). */
  advanceTo(t: number): void {
    const now = this.now();
    if (t > now) this.skew += t - now;
  }
}

export interface RxConsumer {
  /** Handle one byte; return how long the interpreter is busy with it (ms). */
  take(byte: number): number;
  /** Ctrl-C arrived (in order with the bytes around it). */
  interrupt(): number;
  /** The buffer ran empty: the interpreter finishes its loop (prompt, errors). */
  idle(): void;
  /** Send a flow-control byte out of the UART. */
  flow(byte: number): void;
  /** Bytes were lost. */
  overflowed(count: number): void;
}

const CTRL_C_ITEM = -1;

export class ConsoleRx {
  /** Bytes lost since start (for tests and benches). */
  lost = 0;
  xoffSent = false;
  /** Flow-control bytes sent: [XOFF count, XON count]. */
  readonly flowCount = { xoff: 0, xon: 0 };
  private readonly items: number[] = [];
  private readonly times: number[] = [];
  private head = 0;
  private bytes = 0;
  private lastArrival = 0;
  private busyUntil = 0;
  private deafUntil = 0;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly clock: BoardClock,
    private readonly baud: () => number,
    private readonly consumer: RxConsumer,
  ) {}

  /** Bytes waiting in the buffer. */
  get used(): number {
    return this.bytes;
  }

  /** The interpreter will not take bytes before t (boot, a reset). */
  holdUntil(t: number): void {
    this.busyUntil = Math.max(this.busyUntil, t);
    this.schedule();
  }

  /**
   * The UART is reinitialised (jshReset during reset()/load()): what is waiting is dropped and bytes
   * arriving before t are lost too, which is why the Espruino tools pause after sending reset().
   */
  deafen(t: number): void {
    this.flush();
    this.deafUntil = Math.max(this.deafUntil, t);
    this.holdUntil(t);
  }

  /** The UART is back after deafen(): bytes count again from now. */
  listen(): void {
    this.deafUntil = 0;
  }

  /** Drop everything waiting. */
  flush(): void {
    this.items.length = 0;
    this.times.length = 0;
    this.head = 0;
    this.bytes = 0;
    this.releaseFlow();
  }

  receive(data: Buffer): void {
    if (this.stopped) return;
    const byteMs = 10000 / this.baud();
    let lostNow = 0;
    for (const b of data) {
      const t = Math.max(this.clock.now(), this.lastArrival + byteMs);
      this.lastArrival = t;
      this.consumeUntil(t);
      if (b === XON || b === XOFF) continue; // the host's own flow control for our output
      if (t < this.deafUntil) continue;
      if (b === CTRL_C) {
        this.push(CTRL_C_ITEM, t);
        continue;
      }
      if (this.bytes >= RX_CAPACITY) {
        lostNow++;
        continue;
      }
      this.push(b, t);
      this.bytes++;
      if (this.bytes > XOFF_AT && !this.xoffSent) {
        this.xoffSent = true;
        this.flowCount.xoff++;
        this.consumer.flow(XOFF);
      }
    }
    if (lostNow) {
      this.lost += lostNow;
      this.consumer.overflowed(lostNow);
    }
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private push(item: number, t: number): void {
    this.items.push(item);
    this.times.push(t);
  }

  /** Let the interpreter take every byte it would have started on by time t. */
  private consumeUntil(t: number): void {
    while (this.head < this.items.length && !this.stopped) {
      const start = Math.max(this.busyUntil, this.times[this.head]!);
      if (start > t) return;
      const item = this.items[this.head]!;
      this.head++;
      if (item !== CTRL_C_ITEM) this.bytes--;
      if (this.head > 4096) {
        this.items.splice(0, this.head);
        this.times.splice(0, this.head);
        this.head = 0;
      }
      if (this.xoffSent && this.bytes < XON_AT) this.releaseFlow();
      this.clock.advanceTo(start);
      const cost = item === CTRL_C_ITEM ? this.consumer.interrupt() : this.consumer.take(item);
      this.busyUntil = start + cost;
      if (this.head >= this.items.length) this.consumer.idle();
    }
  }

  private releaseFlow(): void {
    if (!this.xoffSent) return;
    this.xoffSent = false;
    this.flowCount.xon++;
    this.consumer.flow(XON);
  }

  private schedule(): void {
    if (this.timer || this.stopped || this.head >= this.items.length) return;
    const next = Math.max(this.busyUntil, this.times[this.head]!);
    const delay = Math.max(0, next - this.clock.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.consumeUntil(this.clock.now());
      this.schedule();
    }, delay);
  }
}
