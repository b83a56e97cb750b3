// esptool-js's Transport with its receive and send sides replaced. Its own (lib/webserial.js, 0.7.0) polls for
// input with 1 ms sleeps, grows each packet one byte at a time (copying the whole packet for every byte:
// quadratic, about 8 MB of copying per 4 KB READ_FLASH packet) and, when the port dies, only notices at the
// end of the current timeout. Here one reader holds the port's stream, bytes go through the shared SLIP
// decoder (core/protocol/slip.ts) into a packet queue, and read() wakes on arrival or fails at once when the
// Link is gone. On the way out esptool-js frames each packet byte by byte into a JS array and releases its
// stream writer after every write, which builds an Error with a source-mapped stack each time (the first
// one parses whole source maps: about 40 ms, at the first SYNC); here packets are framed with the shared
// encoder and handed to the Link. Signals and baud changes are esptool-js's.
import { ESPError, Transport } from 'esptool-js';
import { SlipDecoder, slipEncode } from '../core/protocol/slip.ts';
import { sleepReadingInput } from '../core/input-deadline.ts';
import { LinkLostError, type LinkSerialPort } from './web-serial.ts';

/** Raw bytes kept for peek(): esptool-js looks for the ROM's boot message in them after a reset. */
const PEEK_LIMIT = 4096;

export class EspTransport extends Transport {
  private readonly port: LinkSerialPort;
  private readonly decoder = new SlipDecoder({ onNoise: (data) => this.keepRaw(data) });
  private packets: Uint8Array[] = [];
  private raw = Buffer.alloc(0);
  /** Bytes received since the port opened: drainInput() watches it. */
  private received = 0;
  private wake: (() => void) | undefined;
  private activeReader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  private loop: Promise<void> | undefined;
  private readonly traceSink: (line: string) => void;

  constructor(port: LinkSerialPort, options: { trace?: (line: string) => void } = {}) {
    super(port as unknown as ConstructorParameters<typeof Transport>[0], false, true);
    this.port = port;
    this.traceSink = options.trace ?? (() => {});
  }

  /** esptool-js prints its traces with console.log (even "readLoop exited" with tracing off). */
  override trace(message: string): void {
    this.traceSink(message);
  }

  /** Hold one reader on the port's stream until it ends or disconnect() cancels it. */
  override readLoop(): Promise<void> {
    const readable = this.port.readable;
    if (!readable || readable.locked) return Promise.resolve();
    const reader = readable.getReader();
    this.activeReader = reader;
    this.loop = (async () => {
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          if (value && value.length > 0) this.ingest(value);
        }
      } catch (err) {
        this.trace(`serial read ended: ${(err as Error).message}`);
      } finally {
        reader.releaseLock();
        if (this.activeReader === reader) this.activeReader = undefined;
        this.notify();
      }
    })();
    return this.loop;
  }

  private ingest(chunk: Uint8Array): void {
    this.received += chunk.length;
    for (const packet of this.decoder.feed(chunk)) this.packets.push(packet);
    this.notify();
  }

  private keepRaw(data: Buffer): void {
    this.raw = Buffer.concat([this.raw, data]);
    if (this.raw.length > PEEK_LIMIT) this.raw = this.raw.subarray(this.raw.length - PEEK_LIMIT);
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  /**
   * True while the ROM answers (until the stub runs). The ROM's replies carry their true data length in the
   * size field; esptool's stubs do not always (older ones send 0: "esptool.py ignores this value",
   * flasher_stub/stub_flasher.c), so the check below applies to the ROM only.
   */
  romReplies = true;

  /**
   * The next loader reply. A ROM reply (direction byte 1) whose length disagrees with its own size field lost
   * or gained bytes on the line: replies have no checksum, so without this check a register read would return
   * a shifted, wrong value (a garbled MAC, a wrong chip description). Such a packet is dropped, and the caller
   * sees a timeout and retries. Data packets of READ_FLASH go through readData().
   */
  override async read(timeout: number): Promise<Uint8Array> {
    for (;;) {
      const packet = await this.readData(timeout);
      if (this.romReplies && packet.length >= 8 && packet[0] === 1 && packet.length !== 8 + (packet[2]! | (packet[3]! << 8))) {
        this.trace(`dropped a damaged reply (${packet.length} bytes, its header says ${8 + (packet[2]! | (packet[3]! << 8))})`);
        continue;
      }
      return packet;
    }
  }

  /**
   * The next SLIP packet as it came. The timeout restarts whenever bytes arrive (a long packet at a low
   * baud is not cut off); a Link that is gone fails at once.
   */
  async readData(timeout: number): Promise<Uint8Array> {
    const start = this.received;
    let seen = start;
    let deadline = Date.now() + timeout;
    for (;;) {
      const packet = this.packets.shift();
      if (packet) return packet;
      if (this.port.link.destroyed) throw new LinkLostError(this.port.link);
      if (this.received !== seen) {
        seen = this.received;
        deadline = Date.now() + timeout;
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new ESPError(seen === start ? 'No serial data received.' : 'Timed out waiting for a packet.');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          this.wake = undefined;
          resolve();
        }, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  override async write(data: Uint8Array): Promise<void> {
    await this.sendFrame(slipEncode(data));
  }

  /** A packet already SLIP-framed, so that the next one can be framed while this one is on the line. */
  async sendFrame(frame: Buffer): Promise<void> {
    if (!this.port.writable) return; // closed: esptool-js's write does nothing then either
    const link = this.port.link;
    if (link.destroyed) throw new LinkLostError(link);
    if (this.tracing) this.trace(`Write ${frame.length} bytes`);
    await link.send(frame);
  }

  override flushInput(): void {
    this.packets = [];
    this.raw = Buffer.alloc(0);
    this.decoder.reset();
  }

  override peek(): Uint8Array {
    return this.raw;
  }

  override inWaiting(): number {
    return this.packets.reduce((n, p) => n + p.length, 0) + this.raw.length;
  }

  /**
   * Wait until the line has been quiet for `quietMs` (at most `maxMs`), then drop what came. esptool-js calls
   * it without arguments after a baud change (following its own 50 ms pause, as esptool.py's) and after the
   * ROM's repeated "unsupported" replies (eight short packets back to back): 30 ms of silence covers both,
   * where a longer default only adds to every session's start.
   */
  override async drainInput(quietMs = 30, maxMs = 400): Promise<void> {
    const end = Date.now() + maxMs;
    let last = -1;
    while (Date.now() < end && this.received !== last && !this.port.link.destroyed) {
      last = this.received;
      // bytes that came during the wait count against the quiet, even on a host held up past it, and are not
      // left for after the flush
      await sleepReadingInput(Math.min(quietMs, Math.max(1, end - Date.now())));
    }
    this.flushInput();
  }

  /** Stop reading and close the port (the Link stays open for the caller). */
  override async disconnect(): Promise<void> {
    try {
      await this.activeReader?.cancel();
    } catch {
      // the stream is already gone
    }
    await this.loop;
    this.loop = undefined;
    await this.port.close();
    this.flushInput();
  }
}
