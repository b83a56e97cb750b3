// The serial reader: one board, held across unplug and replug. When the Link goes away without our asking,
// it looks for the same board again: by USB serial number for serial ports (the board may come back on
// another /dev/ttyUSBn), by path when the port has no serial number, by address for socket:// and rfc2217://.
// The monitor and the bridge both read from this, so they can share one port in one process.
// Espruino's console paces us with XON/XOFF: those bytes are taken out of what we pass on (unless asked to
// keep them, for --raw/--hex) and honoured when we write (see host/espruino/flow.ts).
import { EventEmitter } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { listPorts, openLink, type Link, type OpenLinkOptions, type PortInfo } from '../link/index.ts';
import { oneLine } from '../../core/errors.ts';
import { sleepReadingInput } from '../../core/input-deadline.ts';
import { FlowControl } from '../espruino/flow.ts';

export interface BoardConnectionOptions extends OpenLinkOptions {
  /** How often to look for the board again once it went away, in ms. Default 500. */
  retryMs?: number;
  /** Pass XON/XOFF bytes on in 'data' (they are still honoured). Default false. */
  keepFlowBytes?: boolean;
  /** How long a reopened socket:// connection must stay up to count as the board being back, in ms. Default 200. */
  settleMs?: number;
  /** Where to look for the board's USB serial number again (default: the system's port list). */
  listPorts?: () => Promise<PortInfo[]>;
}

/** How we recognise the board when it comes back. */
type Identity =
  | { kind: 'usb'; serialNumber: string; vid?: string; pid?: string }
  | { kind: 'name'; name: string };

export interface BoardConnectionEvents {
  /** Bytes from the board. */
  data: [Buffer];
  /** The board went away; we are looking for it. */
  lost: [{ reason: string; message: string }];
  /** The board is back on a new Link. */
  back: [{ link: Link; message: string }];
  /** Closed by us. */
  closed: [];
  /** Something went wrong that is worth a line but not the end (a write the board never accepted). */
  warning: [string];
}

export class BoardConnection extends EventEmitter<BoardConnectionEvents> {
  private current: Link | undefined;
  private readonly identity: Identity;
  private closed = false;
  private readonly stop = new AbortController();
  private reconnecting: Promise<void> | undefined;
  private flow: FlowControl | undefined;
  /** Writes go one after another, so keystrokes stay in order while the board holds XOFF. */
  private writing: Promise<void> = Promise.resolve();

  private constructor(first: Link, private readonly options: BoardConnectionOptions) {
    super();
    this.identity = identify(first);
    this.attach(first);
  }

  /** Open the port by name (errors are the Link's clear one-liners). */
  static async open(name: string, options: BoardConnectionOptions = {}): Promise<BoardConnection> {
    const link = await openLink(name, options);
    return new BoardConnection(link, options);
  }

  /** Wrap a Link that is already open. */
  static from(link: Link, options: BoardConnectionOptions = {}): BoardConnection {
    return new BoardConnection(link, options);
  }

  /** The Link while the board is there; undefined while it is away. */
  get link(): Link | undefined {
    return this.current;
  }

  /** What we look for when it is away, for messages. */
  describeBoard(): string {
    const id = this.identity;
    if (id.kind === 'usb') return `USB serial ${id.serialNumber}${id.vid ? ` (${id.vid}:${id.pid ?? '*'})` : ''}`;
    return id.name;
  }

  /** Send bytes to the board, honouring XON/XOFF; false (and nothing sent) while it is away. */
  write(data: Uint8Array | string): boolean {
    const link = this.current;
    const flow = this.flow;
    if (!link || link.destroyed || !flow) return false;
    const bytes = typeof data === 'string' ? Buffer.from(data, 'latin1') : Buffer.from(data);
    this.writing = this.writing
      .then(() => (link.destroyed ? undefined : flow.write(bytes)))
      .catch((err: unknown) => { this.emit('warning', oneLine(err)); });
    return true;
  }

  /** Forget a pending XOFF: after a reset the board's input buffer is empty again. */
  clearFlow(): void {
    this.flow?.clear();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stop.abort();
    const link = this.current;
    this.current = undefined;
    if (link) await link.close();
    await this.reconnecting?.catch(() => {});
    this.emit('closed');
  }

  private attach(link: Link): void {
    this.current = link;
    const flow = new FlowControl(link);
    this.flow = flow;
    link.on('data', (data: Buffer) => {
      const clean = flow.strip(data);
      if (this.options.keepFlowBytes) this.emit('data', data);
      else if (clean.length > 0) this.emit('data', clean);
    });
    link.on('error', () => {}); // the loss is reported through 'close'
    link.once('close', () => {
      if (this.current !== link) return;
      this.current = undefined;
      flow.clear(); // release writers waiting for an XON that will never come
      if (this.closed || !link.lost) return;
      const reason = link.lostReason ?? `${link.name} went away`;
      this.emit('lost', { reason, message: `board gone (${reason}); waiting for ${this.describeBoard()} to come back` });
      this.reconnecting = this.reconnect();
    });
  }

  private async reconnect(): Promise<void> {
    const retryMs = this.options.retryMs ?? 500;
    let lastError = '';
    while (!this.closed) {
      try {
        await sleep(retryMs, undefined, { signal: this.stop.signal });
      } catch {
        return; // closed while waiting
      }
      try {
        const link = await this.reopen();
        if (!link) continue;
        if (this.closed) {
          await link.close();
          return;
        }
        this.attach(link);
        const where = this.identity.kind === 'usb' ? `${link.name} (${this.describeBoard()})` : link.name;
        this.emit('back', { link, message: `board back on ${where}` });
        return;
      } catch (err) {
        const why = oneLine(err);
        if (why !== lastError) this.options.verbose?.(`still waiting for ${this.describeBoard()}: ${why}`);
        lastError = why;
      }
    }
  }

  /** One attempt to find and open the board; undefined if it is not there yet. */
  private async reopen(): Promise<Link | undefined> {
    const id = this.identity;
    if (id.kind === 'name') {
      const link = await openLink(id.name, this.options);
      // A raw TCP serial server may accept and then hang up at once while its device is away (ser2net does,
      // so does the virtual board): only a connection that stays up is the board coming back. What arrives
      // meanwhile waits in the Link's buffer.
      if (link.kind === 'socket' && !(await staysOpen(link, this.options.settleMs ?? 200))) return undefined;
      return link;
    }
    const port = (await (this.options.listPorts ?? listPorts)()).find((p) => sameBoard(id, p));
    if (!port) return undefined;
    const link = await openLink(port.path, this.options);
    link.usb ??= { vid: port.vid, pid: port.pid, serialNumber: port.serialNumber, manufacturer: port.manufacturer };
    return link;
  }
}

/**
 * True if the link is still open after `ms`, counted in steps of at most 10 ms with a look at the sockets after
 * each (core/input-deadline.ts): one wait of `ms` on a host held up past it said the link had stayed up before
 * its hang-up could be read.
 */
async function staysOpen(link: Link, ms: number): Promise<boolean> {
  let closed = link.destroyed;
  const onClose = (): void => { closed = true; };
  link.once('close', onClose);
  try {
    const steps = Math.max(1, Math.ceil(ms / 10));
    for (let i = 0; i < steps && !closed; i++) {
      await sleepReadingInput(ms / steps, { unref: true });
    }
    return !closed && !link.destroyed;
  } finally {
    link.off('close', onClose);
  }
}

function identify(link: Link): Identity {
  if (link.kind === 'serial' && link.usb?.serialNumber) {
    return { kind: 'usb', serialNumber: link.usb.serialNumber, vid: link.usb.vid, pid: link.usb.pid };
  }
  // A serial port without a serial number is looked for at the same path (`auto` resolved to one);
  // socket:// and rfc2217:// names are their own address.
  return { kind: 'name', name: link.name };
}

function sameBoard(id: Extract<Identity, { kind: 'usb' }>, port: PortInfo): boolean {
  if (port.serialNumber !== id.serialNumber) return false;
  if (id.vid && port.vid && id.vid !== port.vid) return false;
  return !(id.pid && port.pid && id.pid !== port.pid);
}
