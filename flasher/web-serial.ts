// The Web Serial `SerialPort` shape that esptool-js's Transport drives, over any Link (serial device,
// socket://, rfc2217://). What esptool-js 0.7.0 needs from it, and the traps avoided here
// (docs/esp32-serial.md, "esptool-js on Node"; its lib/webserial.js):
// - `readable` is one lasting ReadableStream per open(): its read loop takes and releases a reader for
//   every chunk, and disconnect() cancels the reader, which ends that stream;
// - every open() builds fresh streams (a dead stream reused makes the next connect fail with the misleading
//   "The board reset while the serial port was reopened");
// - `setBaudRate(n)` is offered, so a baud change happens in place and the Link stays open;
// - `setSignals` always sets BOTH modem lines (the ones esptool-js leaves out keep their level);
// - when the Link goes away the stream ends cleanly (an error named like BufferOverrunError would make the
//   read loop retry forever, and Node's DOMException is an Error, so its "device lost" branch never fires).
// Closing this port never closes the Link: the same Link is used again by the caller afterwards, in the
// flowing state it had (bytes that arrive while nobody listens are dropped, as on a closed serial port).
import type { Link, ModemSignals } from '../core/link.ts';
import { EspkitError } from '../core/errors.ts';

export interface SerialPortInfoLike {
  usbVendorId?: number;
  usbProductId?: number;
}

export interface SignalsLike {
  dataTerminalReady?: boolean;
  requestToSend?: boolean;
  break?: boolean;
}

export class LinkSerialPort {
  readable: ReadableStream<Uint8Array> | null = null;
  writable: WritableStream<Uint8Array> | null = null;
  /** Called with every chunk from the link while the port is open (before it is queued on `readable`). */
  onData?: (chunk: Buffer) => void;
  private detach: (() => void) | undefined;

  constructor(readonly link: Link, private readonly info: SerialPortInfoLike = usbInfoOf(link)) {}

  async open(options: { baudRate: number }): Promise<void> {
    if (this.readable) throw new EspkitError(`${this.link.name} is already open`);
    this.assertAlive();
    if (options.baudRate && options.baudRate !== this.link.baud) await this.link.setBaud(options.baudRate);
    const link = this.link;
    // Hand the Link back as we found it: a stream left explicitly paused ignores the next 'data' listener
    // (Node's rule), which would silence whoever reads the board after us (a REPL, a monitor).
    const wasPaused = link.readableFlowing === false;
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    let ended = false;
    const onData = (chunk: Buffer): void => {
      this.onData?.(chunk);
      if (!ended) controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    };
    const onGone = (): void => {
      if (ended) return;
      ended = true;
      cleanup();
      controller.close();
    };
    const cleanup = (): void => {
      link.off('data', onData);
      link.off('close', onGone);
      link.off('end', onGone);
      if (!link.destroyed && wasPaused) link.pause();
    };
    this.readable = new ReadableStream<Uint8Array>({
      start: (c) => {
        controller = c;
        link.on('data', onData);
        link.once('close', onGone);
        link.once('end', onGone);
        link.resume();
      },
      cancel: () => {
        ended = true;
        cleanup();
      },
    }, { highWaterMark: 1 << 20, size: (chunk) => chunk.byteLength });
    this.writable = new WritableStream<Uint8Array>({
      write: async (chunk) => {
        this.assertAlive();
        await link.send(chunk);
      },
    });
    this.detach = () => {
      if (!ended) {
        ended = true;
        cleanup();
        try {
          controller.close();
        } catch {
          // already closed or errored
        }
      }
    };
  }

  async close(): Promise<void> {
    this.detach?.();
    this.detach = undefined;
    this.readable = null;
    this.writable = null;
  }

  async setSignals(signals: SignalsLike): Promise<void> {
    const next: ModemSignals = {
      dtr: signals.dataTerminalReady ?? this.link.signals.dtr,
      rts: signals.requestToSend ?? this.link.signals.rts,
    };
    this.assertAlive();
    await this.link.setSignals(next);
  }

  /** Offered so that esptool-js changes the baud in place instead of closing and reopening the port. */
  async setBaudRate(baud: number): Promise<void> {
    this.assertAlive();
    await this.link.setBaud(baud);
  }

  getInfo(): SerialPortInfoLike {
    return { ...this.info };
  }

  private assertAlive(): void {
    if (this.link.destroyed) throw new LinkLostError(this.link);
  }
}

/** The Link went away (unplugged, connection closed) while we were using it. */
export class LinkLostError extends EspkitError {
  constructor(link: Link) {
    super(link.busy ?? `lost ${link.name}${link.lostReason ? ` (${link.lostReason})` : ''}: check the cable or the server and run the command again`);
  }
}

/** The USB ids Web Serial would report: the bridge's own (they decide esptool-js's reset style and block size). */
function usbInfoOf(link: Link): SerialPortInfoLike {
  const vid = link.usb?.vid ? parseInt(link.usb.vid, 16) : undefined;
  const pid = link.usb?.pid ? parseInt(link.usb.pid, 16) : undefined;
  return { usbVendorId: vid, usbProductId: pid };
}
