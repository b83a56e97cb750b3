// Reset sequences as small pieces, like esptool's reset.py. On the DevKit, RTS drives EN (reset) and DTR
// drives GPIO0 (boot strap) through two transistors; both lines at the same level leave both pins high
// (docs/esp32-serial.md). Every step sets BOTH lines (Link.setSignals), DTR first, as esptool
// does through pyserial.
import type { Link } from '../core/link.ts';

export interface ResetStrategy {
  /** What it does, for --verbose. */
  readonly name: string;
  reset(): Promise<void>;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Into the ROM's download mode (esptool reset.py ClassicReset): hold EN low, then release it with GPIO0
 * held low, then let GPIO0 go. `delayMs` is how long GPIO0 stays low after EN is released: esptool
 * tries 50 ms and then 550 ms for boards with a slow EN capacitor.
 */
export class ClassicReset implements ResetStrategy {
  readonly name: string;
  constructor(private readonly link: Link, private readonly delayMs = 50) {
    this.name = `classic reset (GPIO0 held ${delayMs} ms)`;
  }

  async reset(): Promise<void> {
    await this.link.setSignals({ dtr: false, rts: true }); // EN low: chip held in reset
    await sleep(100);
    await this.link.setSignals({ dtr: true, rts: false }); // EN released, GPIO0 low: download strap
    await sleep(this.delayMs);
    await this.link.setSignals({ dtr: false, rts: false }); // GPIO0 free again
  }
}

/**
 * Run the application (esptool reset.py HardReset): pulse EN low with GPIO0 left high. esptool-js 0.7.0's
 * HardReset only lowers RTS (it never raises it first), which after a classic reset changes nothing.
 */
export class HardReset implements ResetStrategy {
  readonly name = 'hard reset (EN pulse)';
  constructor(private readonly link: Link) {}

  async reset(): Promise<void> {
    await this.link.setSignals({ dtr: false, rts: true });
    await sleep(100);
    await this.link.setSignals({ dtr: false, rts: false });
  }
}

/** For links without modem lines (socket://) or boards already waiting in download mode. */
export class NoReset implements ResetStrategy {
  readonly name = 'no reset';
  async reset(): Promise<void> {}
}
