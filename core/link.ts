// A Link is a port by any name: a duplex byte stream plus the two modem lines, the baud and close().
// Everything that talks to a board (flasher, deploy, monitor, bridge) takes a Link and does not care
// whether it is a CP2102, a TCP socket to an emulator or an RFC 2217 server across the room.
import { Duplex } from 'node:stream';

export interface ModemSignals {
  /** Data Terminal Ready: on the DevKit it drives GPIO0 (the boot strap) through a transistor. */
  dtr: boolean;
  /** Request To Send: on the DevKit it drives EN (reset). */
  rts: boolean;
}

export type LinkKind = 'serial' | 'socket' | 'rfc2217';

/** The first words of a serial server that refuses a second client (ser2net's, which `espkit sim` uses too). */
const BUSY_BANNER = /^Port already in use\b:?([^\r\n]*)/;

export interface UsbInfo {
  vid?: string;
  pid?: string;
  serialNumber?: string;
  manufacturer?: string;
}

export interface LinkOptions {
  /** Initial baud rate; default 115200. */
  baud?: number;
  /** Where --verbose notes go (e.g. "socket:// has no modem lines"). */
  verbose?: (message: string) => void;
  /** Milliseconds to wait for a TCP connection (socket://, rfc2217://). Default 5000. */
  connectTimeoutMs?: number;
}

/**
 * The one interface. Subclasses implement the four transport hooks; the base class turns them into a
 * Duplex stream. 'close' is emitted once, whether we closed it or the device went away
 * (then `lost` is true and `lostReason` says why).
 */
export abstract class Link extends Duplex {
  abstract readonly kind: LinkKind;
  readonly name: string;
  baud: number;
  signals: ModemSignals = { dtr: false, rts: false };
  usb?: UsbInfo;
  lost = false;
  lostReason?: string;
  /** Set when the other end said the port is held by another program: the one line to show. */
  busy?: string;
  private heard = false;
  protected readonly note: (message: string) => void;

  protected constructor(name: string, options: LinkOptions) {
    super({ allowHalfOpen: false });
    this.name = name;
    this.baud = options.baud ?? 115200;
    this.note = options.verbose ?? (() => {});
  }

  /** Set both modem lines at once (node-serialport would otherwise default the one not named). */
  async setSignals(signals: ModemSignals): Promise<void> {
    await this.applySignals(signals);
    this.signals = { ...signals };
  }

  /** Change the baud in place, keeping the connection open. */
  async setBaud(baud: number): Promise<void> {
    if (!Number.isInteger(baud) || baud <= 0) throw new RangeError(`bad baud rate ${baud}`);
    await this.applyBaud(baud);
    this.baud = baud;
  }

  /** Close the port; resolves once it is closed. Safe to call twice. */
  async close(): Promise<void> {
    if (this.destroyed) return;
    await new Promise<void>((resolve) => {
      this.once('close', () => resolve());
      this.destroy();
    });
  }

  /** Write and wait until the bytes are handed to the transport. */
  send(data: Uint8Array | string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.write(typeof data === 'string' ? Buffer.from(data, 'latin1') : data, (err) => (err ? reject(err) : resolve()));
    });
  }

  protected abstract applySignals(signals: ModemSignals): Promise<void>;
  protected abstract applyBaud(baud: number): Promise<void>;
  protected abstract transmit(data: Buffer): Promise<void>;
  protected abstract shutdown(): Promise<void>;

  /** Subclasses call this with bytes from the device. */
  protected receive(data: Buffer): void {
    if (data.length === 0 || this.destroyed) return;
    if (!this.heard) {
      this.heard = true;
      // A serial server that has a client already (ser2net, `espkit sim`) says so first and hangs up.
      const held = BUSY_BANNER.exec(data.toString('latin1'));
      if (held) {
        const who = held[1]?.trim();
        this.busy = `port ${this.name} is busy: ${who ? `it is ${who}` : 'another program has it open'}; close that program (or use its session) and retry`;
        this.deviceLost(this.busy);
        return;
      }
    }
    this.push(data);
  }

  /** Subclasses call this when the device or connection goes away without our asking. */
  protected deviceLost(reason: string): void {
    if (this.destroyed) return;
    this.lost = true;
    this.lostReason = reason;
    this.push(null);
    this.destroy();
  }

  override _read(): void {
    // Data is pushed as it arrives; serial rates are far below what a consumer handles.
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.transmit(chunk).then(() => callback(), callback);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.shutdown().then(() => callback(error), (e: Error) => callback(error ?? e));
  }
}
