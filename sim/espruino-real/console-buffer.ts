// The ESP32's 4096-byte console input buffer with XON/XOFF, in front of the real interpreter.
//
// The interpreter's stdin is a kernel pipe of exactly 4096 bytes (console-relay.py.ts), so the pipe IS the
// chip's buffer: the relay reports how many bytes sit in it, and the board counts the bytes it handed to the
// relay that the pipe has not taken yet. Their sum is the buffer's fill, known from the kernel rather than
// guessed from timing. Against that fill the board does what the chip does (the same thresholds and
// figures as the model, both from core/espruino/console-bytes.ts):
// - XOFF (0x13) goes out when more than three quarters are used, XON (0x11) once below three eighths;
// - a byte arriving while 4096 are used is lost (the chip sets FIFO_FULL);
// - Ctrl-C (0x03) is never refused: on the chip it interrupts from the UART interrupt, before the buffer;
// - XON/XOFF from the host are flow control for the board's output, not console input.
//
// A byte accepted while the pipe still had room is never lost later; at most one arriving chunk can go past
// 4096 when the relay's report lags behind, which the paced UART's small chunks keep to a few bytes.
import { RX_CAPACITY, XOFF_AT, XON_AT, XON, XOFF, CTRL_C } from '../../core/espruino/console-bytes.ts';

/** The Linux build exits on Ctrl-D (jshInputThread in targets/linux/jshardware.c); the chip does not. */
const CTRL_D = 0x04;

export interface ConsoleBufferSides {
  /** Hand accepted bytes to the relay (towards the pipe). */
  forward(data: Buffer): void;
  /** Send a flow-control byte out of the UART. */
  flow(byte: number): void;
}

export class ConsoleBuffer {
  lost = 0;
  readonly flowCount = { xoff: 0, xon: 0 };
  private xoffSent = false;
  private sent = 0;
  private inPipe = 0;
  private copied = 0;

  constructor(private readonly sides: ConsoleBufferSides) {}

  /** Bytes in the buffer now: in the pipe, or handed over and not yet taken by it. */
  get used(): number {
    return this.inPipe + (this.sent - this.copied);
  }

  /** Bytes arriving on UART0 RX. */
  receive(data: Buffer): void {
    const accepted: number[] = [];
    let room = RX_CAPACITY - this.used;
    for (const b of data) {
      if (b === XON || b === XOFF || b === CTRL_D) continue;
      if (b === CTRL_C) {
        accepted.push(b);
        continue;
      }
      if (room <= 0) {
        this.lost++;
        continue;
      }
      accepted.push(b);
      room--;
    }
    if (accepted.length === 0) return;
    this.sent += accepted.length;
    this.sides.forward(Buffer.from(accepted));
    if (!this.xoffSent && this.used > XOFF_AT) {
      this.xoffSent = true;
      this.flowCount.xoff++;
      this.sides.flow(XOFF);
    }
  }

  /** The relay's report: bytes in the pipe, and bytes it has copied into the pipe in all. */
  report(inPipe: number, copied: number): void {
    this.inPipe = inPipe;
    this.copied = copied;
    if (this.xoffSent && this.used < XON_AT) {
      this.xoffSent = false;
      this.flowCount.xon++;
      this.sides.flow(XON);
    }
  }
}
