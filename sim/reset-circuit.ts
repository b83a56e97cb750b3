// The DevKit's auto-reset circuit: two NPN transistors cross-wired between DTR/RTS of the USB-UART and the
// chip's EN (reset) and GPIO0 (boot strap) pins. EN is pulled low only when RTS is asserted and DTR is not;
// GPIO0 only when DTR is asserted and RTS is not; both lines at the same level leave both pins high.
// Source: ESP32-DevKitC schematic (auto-program circuit) and esptool docs, "Boot Mode Selection".
//
// EN also carries an RC delay (Espressif's hardware design guidelines recommend R = 10 kOhm, C = 1 uF on
// CHIP_PU). After EN is released the chip leaves reset only once the capacitor has charged past the threshold,
// about 14 ms later (10 ms x ln 4), and latches GPIO0 at that moment. That is what lets esptool change DTR and
// RTS one after the other (through the neutral both-high state) without booting the chip by accident.
import type { ModemSignals } from '../core/link.ts';

/** Time from EN release to the chip leaving reset: tau x ln(1 / (1 - 0.75)) with tau = 10 kOhm x 1 uF. */
export const EN_RELEASE_DELAY_MS = 10 * Math.log(4);

export interface ResetCircuitEvents {
  /** EN went low: the chip is held in reset from now on. */
  onHold(): void;
  /** The chip leaves reset; `gpio0Low` is the boot strap latched at that moment. */
  onRelease(gpio0Low: boolean): void;
}

export class AutoResetCircuit {
  private lines: ModemSignals = { dtr: false, rts: false };
  private releaseTimer: NodeJS.Timeout | undefined;
  /** The BOOT button (or a strap fixed by `--boot download` where no modem lines exist). */
  private bootButtonHeld = false;

  constructor(private readonly events: ResetCircuitEvents, private readonly releaseDelayMs = EN_RELEASE_DELAY_MS) {}

  /** EN is high (chip not held in reset by the circuit). */
  get enHigh(): boolean {
    return !(this.lines.rts && !this.lines.dtr);
  }

  /** GPIO0 is low (download strap) through the circuit or the held BOOT button. */
  get gpio0Low(): boolean {
    return (this.lines.dtr && !this.lines.rts) || this.bootButtonHeld;
  }

  get signals(): ModemSignals {
    return { ...this.lines };
  }

  setBootButton(held: boolean): void {
    this.bootButtonHeld = held;
  }

  /** New DTR/RTS levels from the host. */
  setLines(lines: ModemSignals): void {
    const wasHigh = this.enHigh;
    this.lines = { ...lines };
    const isHigh = this.enHigh;
    if (wasHigh && !isHigh) {
      this.cancelRelease();
      this.events.onHold();
    } else if (!wasHigh && isHigh) {
      this.cancelRelease();
      this.releaseTimer = setTimeout(() => {
        this.releaseTimer = undefined;
        this.events.onRelease(this.gpio0Low);
      }, this.releaseDelayMs);
    }
  }

  /** True while EN is high but the chip has not left reset yet. */
  get releasing(): boolean {
    return this.releaseTimer !== undefined;
  }

  dispose(): void {
    this.cancelRelease();
  }

  private cancelRelease(): void {
    if (this.releaseTimer) clearTimeout(this.releaseTimer);
    this.releaseTimer = undefined;
  }
}
