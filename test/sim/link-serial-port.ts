// A minimal Web-Serial-shaped port over a Link, for driving esptool-js itself against the virtual board in
// tests. (The production adapter lives in flasher/; this one only does what the tests need.)
// What esptool-js 0.7.0 needs of it (facts: esp32-serial.md): one lasting `readable` per open, fresh streams
// after close()/open(), setSignals with the line not named kept as it was, setBaudRate in place, USB ids.
import type { Link } from '../../host/link/index.ts';

export class LinkSerialPort {
  readable: ReadableStream<Uint8Array> | null = null;
  writable: WritableStream<Uint8Array> | null = null;
  private detach: (() => void) | undefined;

  constructor(private readonly link: Link) {}

  getInfo(): { usbVendorId: number; usbProductId: number } {
    return { usbVendorId: 0x10c4, usbProductId: 0xea60 }; // a CP2102, as on the DevKit
  }

  async open(options: { baudRate: number }): Promise<void> {
    await this.link.setBaud(options.baudRate);
    const link = this.link;
    let onData: ((chunk: Buffer) => void) | undefined;
    let onClose: (() => void) | undefined;
    this.readable = new ReadableStream<Uint8Array>({
      start(controller) {
        onData = (chunk) => controller.enqueue(new Uint8Array(chunk));
        onClose = () => { try { controller.close(); } catch { /* already closed */ } };
        link.on('data', onData);
        link.once('close', onClose);
      },
      cancel() {
        if (onData) link.off('data', onData);
        if (onClose) link.off('close', onClose);
      },
    });
    this.detach = () => {
      if (onData) link.off('data', onData);
      if (onClose) link.off('close', onClose);
    };
    this.writable = new WritableStream<Uint8Array>({ write: (chunk) => link.send(chunk) });
  }

  async close(): Promise<void> {
    this.detach?.();
    this.readable = null;
    this.writable = null;
  }

  async setSignals(signals: { dataTerminalReady?: boolean; requestToSend?: boolean }): Promise<void> {
    await this.link.setSignals({
      dtr: signals.dataTerminalReady ?? this.link.signals.dtr,
      rts: signals.requestToSend ?? this.link.signals.rts,
    });
  }

  async setBaudRate(baud: number): Promise<void> {
    await this.link.setBaud(baud);
  }
}
