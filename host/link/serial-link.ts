// A serial device through node-serialport's native binding (a CP2102 on /dev/ttyUSB0, a pseudo-terminal...).
// Opening a tty on Linux raises DTR and RTS (HUPCL), which on the DevKit resets the board or holds it in
// download mode, so both lines are lowered at once after opening (esptool and esp-idf-monitor do the same).
import { SerialPort } from 'serialport';
import { EspkitError } from '../../core/errors.ts';
import { Link, type LinkOptions, type ModemSignals } from '../../core/link.ts';
import { describePorts, listPorts } from './ports.ts';
import { findPortHolders } from './port-holder.ts';

export class SerialLink extends Link {
  readonly kind = 'serial' as const;
  private readonly port: SerialPort;
  /** Pseudo-terminals have no modem lines: the ioctl fails with ENOTTY, which is not an error for us. */
  private hasModemLines = true;

  private constructor(path: string, port: SerialPort, options: LinkOptions) {
    super(path, options);
    this.port = port;
    port.on('data', (data: Buffer) => this.receive(data));
    port.on('error', (err: NodeJS.ErrnoException) => {
      if (isGone(err)) this.deviceLost(`${path} went away (${err.code ?? err.message})`);
    });
    port.on('close', (err: (Error & { disconnected?: boolean }) | null) => {
      this.deviceLost(err?.disconnected ? `${path} was unplugged` : `${path} closed`);
    });
  }

  static async open(path: string, options: LinkOptions): Promise<SerialLink> {
    const baudRate = options.baud ?? 115200;
    const port = new SerialPort({ path, baudRate, autoOpen: false, hupcl: false });
    try {
      await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
    } catch (err) {
      throw await explainOpenError(path, err as Error);
    }
    const link = new SerialLink(path, port, options);
    await link.setSignals({ dtr: false, rts: false });
    return link;
  }

  protected async applySignals(signals: ModemSignals): Promise<void> {
    if (!this.hasModemLines) return;
    try {
      // node-serialport fills in defaults for lines not named, so both are always given.
      await new Promise<void>((resolve, reject) =>
        this.port.set({ dtr: signals.dtr, rts: signals.rts }, (err) => (err ? reject(err) : resolve())),
      );
    } catch (err) {
      if (/inappropriate ioctl|ENOTTY/i.test((err as Error).message)) {
        this.hasModemLines = false;
        this.note(`${this.name} has no modem lines (a pseudo-terminal?); DTR/RTS are not sent`);
        return;
      }
      throw new EspkitError(`cannot set DTR/RTS on ${this.name}: ${(err as Error).message}`, { cause: err });
    }
  }

  protected async applyBaud(baud: number): Promise<void> {
    await new Promise<void>((resolve, reject) =>
      this.port.update({ baudRate: baud }, (err) => (err ? reject(new EspkitError(`cannot set ${baud} baud on ${this.name}: ${err.message}`)) : resolve())),
    );
  }

  protected transmit(data: Buffer): Promise<void> {
    return new Promise((resolve, reject) => {
      this.port.write(data, (err: NodeJS.ErrnoException | null | undefined) => {
        if (err && isGone(err)) {
          // Bytes for a device that is gone are lost either way; 'close' (lost=true) tells the owner.
          this.deviceLost(`${this.name} went away (${err.code ?? err.message})`);
          resolve();
        } else if (err) reject(err);
        else resolve();
      });
    });
  }

  protected async shutdown(): Promise<void> {
    this.port.removeAllListeners('close');
    if (!this.port.isOpen) return;
    await new Promise<void>((resolve) => this.port.close(() => resolve()));
  }
}

/** The errors a tty gives once its device is unplugged (or its pty master closed). */
function isGone(err: NodeJS.ErrnoException): boolean {
  return ['EIO', 'ENXIO', 'ENODEV', 'EBADF'].includes(err.code ?? '') || /\bEIO\b|i\/o error|disconnected/i.test(err.message);
}

async function explainOpenError(path: string, err: Error): Promise<EspkitError> {
  const msg = err.message;
  if (/no such file|ENOENT/i.test(msg)) {
    let there = 'no serial ports found';
    try {
      there = describePorts(await listPorts());
    } catch { /* listing is best effort here */ }
    return new EspkitError(`no such port ${path}; ports here: ${there}`, { cause: err });
  }
  if (/permission denied|EACCES/i.test(msg)) {
    return new EspkitError(
      `permission denied on ${path}: add yourself to the dialout group (sudo usermod -aG dialout $USER) and log in again`,
      { cause: err },
    );
  }
  if (/cannot lock|resource temporarily unavailable|EBUSY|busy/i.test(msg)) {
    const holders = findPortHolders(path);
    const who = holders.length > 0 ? `it is held by ${holders.join(', ')}` : 'another program holds it';
    return new EspkitError(`port ${path} is busy: ${who}; close that program (or use its session) and retry`, { cause: err });
  }
  return new EspkitError(`cannot open ${path}: ${msg}`, { cause: err });
}
