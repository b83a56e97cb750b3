// XON/XOFF software flow control as Espruino's console uses it: the board sends XOFF (0x13) when its
// 4096-byte input buffer is filling up (for instance while it writes flash) and XON (0x11) when it has
// room again (facts/espruino.md: "The console UART0 runs at 115200 with XON/XOFF flow control and a
// 4096-byte input buffer"). The `espruino` package ignores XOFF and loses bytes; we wait.
import type { Link } from '../../core/link.ts';
import { EspkitError } from '../../core/errors.ts';
import { XON, XOFF } from '../../core/espruino/console-bytes.ts';

/** Bytes written per piece: small, so that an XOFF stops us within a few milliseconds of line time. */
export const PIECE_BYTES = 64;

export interface FlowOptions {
  /** How long the board may hold XOFF before we give up (ms). Default 15000. */
  stallTimeoutMs?: number;
}

/**
 * Watches a Link's incoming bytes for XON/XOFF and writes to it only while the board allows.
 * `strip()` returns the incoming bytes without the flow-control characters, for whoever reads the console.
 */
export class FlowControl {
  paused = false;
  /** How many times the board asked us to stop (for reports and tests). */
  xoffCount = 0;
  private resume: Array<() => void> = [];
  private readonly stallTimeoutMs: number;

  constructor(private readonly link: Link, options: FlowOptions = {}) {
    this.stallTimeoutMs = options.stallTimeoutMs ?? 15000;
  }

  /** Note XON/XOFF in incoming bytes and return the rest. */
  strip(data: Buffer): Buffer {
    if (!data.includes(XON) && !data.includes(XOFF)) return data;
    const out: number[] = [];
    for (const b of data) {
      if (b === XOFF) {
        if (!this.paused) this.xoffCount++;
        this.paused = true;
      } else if (b === XON) {
        this.paused = false;
        const waiting = this.resume;
        this.resume = [];
        for (const go of waiting) go();
      } else out.push(b);
    }
    return Buffer.from(out);
  }

  /** Write bytes in small pieces, waiting whenever the board has sent XOFF. */
  async write(data: Uint8Array | string): Promise<void> {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'latin1') : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    for (let at = 0; at < bytes.length; at += PIECE_BYTES) {
      if (this.paused) await this.waitForXon();
      if (this.link.destroyed) throw new EspkitError(`the link to ${this.link.name} closed while sending`);
      await this.link.send(bytes.subarray(at, at + PIECE_BYTES));
    }
  }

  /** Forget a pending XOFF (after a reset the board's buffer is empty again). */
  clear(): void {
    this.paused = false;
    const waiting = this.resume;
    this.resume = [];
    for (const go of waiting) go();
  }

  private waitForXon(): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.resume = this.resume.filter((f) => f !== go);
        reject(new EspkitError(`the board on ${this.link.name} held XOFF (flow control) for ${(this.stallTimeoutMs / 1000).toFixed(1)} s: it is stuck; reset it and try again`));
      }, this.stallTimeoutMs);
      const go = (): void => {
        clearTimeout(timer);
        resolve();
      };
      this.resume.push(go);
    });
  }
}
