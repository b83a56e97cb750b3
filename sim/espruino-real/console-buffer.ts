// The ESP32's 4096-byte console input buffer with XON/XOFF, in front of the real interpreter.
//
// The interpreter's stdin is a kernel pipe that the relay (console-relay.py.ts) fills, and the relay keeps the
// buffer's books: the bytes in the pipe and those it holds for it are the buffer's fill, read from the kernel
// rather than guessed from timing. The chip's rules (the same thresholds and figures as the model, both from
// core/espruino/console-bytes.ts) are split by who can apply them exactly:
// - a byte that arrives while 4096 are used is lost (the chip sets FIFO_FULL): the relay decides, at the
//   moment it takes the byte, against the pipe's fill at that moment;
// - Ctrl-C (0x03) is never refused: on the chip it interrupts from the UART interrupt, before the buffer;
// - XOFF (0x13) goes out when more than three quarters are used, XON (0x11) once below three eighths: the
//   board decides, from the relay's reports and the bytes it handed over since;
// - XON/XOFF from the host are flow control for the board's output, not console input.
//
// The board must not decide losses itself. Its view of the fill is as of the relay's last report, which
// comes on the relay's next poll, while what the interpreter prints reaches the board straight from its
// stdout: a host that sends the moment a line has answered would be judged against a fill that still holds
// that line, and lose bytes the chip keeps. The relay takes a byte after it arrived, never before, so it
// never drops one the chip would have kept.
import { XOFF_AT, XON_AT, XON, XOFF } from '../../core/espruino/console-bytes.ts';

/** The Linux build exits on Ctrl-D (jshInputThread in targets/linux/jshardware.c); the chip does not. */
const CTRL_D = 0x04;

export interface ConsoleBufferSides {
  /** Hand console bytes to the relay (towards the pipe). */
  forward(data: Buffer): void;
  /** Send a flow-control byte out of the UART. */
  flow(byte: number): void;
}

export class ConsoleBuffer {
  /** Bytes the buffer refused, as the relay counted them. */
  lost = 0;
  readonly flowCount = { xoff: 0, xon: 0 };
  private xoffSent = false;
  private sent = 0;
  private fill = 0;
  private taken = 0;

  constructor(private readonly sides: ConsoleBufferSides) {}

  /**
   * Bytes in the buffer, or on their way to the relay: never less than what the buffer holds now, since the
   * fill is as of the last report and only drains after it.
   */
  get used(): number {
    return this.fill + (this.sent - this.taken);
  }

  /** Bytes arriving on UART0 RX. */
  receive(data: Buffer): void {
    const input = data.filter((b) => b !== XON && b !== XOFF && b !== CTRL_D);
    if (input.length === 0) return;
    this.sent += input.length;
    this.sides.forward(Buffer.from(input));
    if (!this.xoffSent && this.used > XOFF_AT) {
      this.xoffSent = true;
      this.flowCount.xoff++;
      this.sides.flow(XOFF);
    }
  }

  /** The relay's report: the buffer's fill, the bytes it has taken from the board in all, and those it refused. */
  report(fill: number, taken: number, lost: number): void {
    this.fill = fill;
    this.taken = taken;
    this.lost = lost;
    if (this.xoffSent && this.used < XON_AT) {
      this.xoffSent = false;
      this.flowCount.xon++;
      this.sides.flow(XON);
    }
  }
}
