// DTR and RTS as an RFC 2217 client sets them, turned into the levels the board's auto-reset circuit sees.
//
// Over RFC 2217 every line change is its own Telnet command, and pyserial's client waits at least 50 ms for
// the server's answer to each one. esptool's classic reset into the loader (docs/esp32-serial.md) goes
// DTR off + RTS on (chip held in reset), 100 ms, DTR on, RTS off, 50 ms, DTR off. Applied one command at a
// time, "DTR on" arrives alone first: both lines high, EN rises with GPIO0 high, and by the time "RTS off"
// follows the EN delay (sim/reset-circuit.ts) has long run out, so the chip boots from flash. Real hardware
// behind a plain RFC 2217 server does exactly that, which is why Espressif's own server (esp_rfc2217_server)
// recognises the start of the sequence and performs the reset itself with local timing.
//
// The same is done here, as narrowly as possible: "DTR on" while the client holds the chip in reset (RTS on,
// DTR off) is the moment esptool, esptool-js and espkit's flasher release EN with GPIO0 low, so both lines
// change together there. The commands that finish the sequence (RTS off, the DTR repeats esptool sends after
// each RTS change, the RTS repeat of clients that always send both lines) change nothing until "DTR off"
// ends it. A later "RTS on" after "RTS off" is a new reset and also ends it. Every other change goes through
// as sent, so a monitor that opens with both lines low, or a hard reset (RTS pulse with DTR off), behaves as
// on a local port.
import type { ModemSignals } from '../../core/link.ts';

export class RemoteResetLines {
  private client: ModemSignals = { dtr: false, rts: false };
  private applied: ModemSignals = { dtr: false, rts: false };
  /** Between the released-into-download "DTR on" and the "DTR off" that ends the sequence. */
  private inDownloadSequence = false;

  constructor(private readonly apply: (lines: ModemSignals) => void) {}

  /** The levels the client set (what a REQUEST-DTR/RTS is answered with). */
  get requested(): ModemSignals {
    return { ...this.client };
  }

  /** The levels the reset circuit sees. */
  get lines(): ModemSignals {
    return { ...this.applied };
  }

  set(line: 'dtr' | 'rts', on: boolean): void {
    const before = this.client;
    this.client = { ...before, [line]: on };
    if (this.inDownloadSequence) {
      const ends = (line === 'dtr' && !on) || (line === 'rts' && on && !before.rts);
      if (!ends) return;
      this.inDownloadSequence = false;
      this.push(this.client);
      return;
    }
    const heldInReset = this.applied.rts && !this.applied.dtr;
    if (line === 'dtr' && on && heldInReset) {
      this.inDownloadSequence = true;
      this.push({ dtr: true, rts: false });
      return;
    }
    this.push(this.client);
  }

  private push(lines: ModemSignals): void {
    this.applied = { ...lines };
    this.apply({ ...lines });
  }
}
