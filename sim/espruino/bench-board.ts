// Espruino on a board made of memory: a BoardServices with an in-memory flash and a UART that records
// what the chip sends, for running the Espruino runtime without the rest of the virtual board (unit
// tests, benchmarks, experiments). The full board (sim/index.ts) paces bytes and has real endpoints.
import type { BoardEvent, BoardServices, FlashStore, ResetReason } from '../seam/personality.ts';
import { loadBoard, flashBytes, type BoardProfile } from '../../core/board.ts';
import { startEspruino, type EspruinoOptions, type EspruinoPersonality } from './index.ts';

export class MemoryFlash implements FlashStore {
  readonly data: Buffer;
  constructor(readonly size: number) {
    this.data = Buffer.alloc(size, 0xff);
  }
  read(offset: number, length: number): Buffer {
    return Buffer.from(this.data.subarray(offset, offset + length));
  }
  write(offset: number, data: Uint8Array): void {
    if (offset < 0 || offset + data.length > this.size) throw new RangeError(`flash write at 0x${offset.toString(16)} past the end`);
    this.data.set(data, offset);
  }
  erase(offset: number, length: number): void {
    this.data.fill(0xff, offset, offset + length);
  }
  sync(): void {}
}

export interface BenchOptions {
  espruino?: EspruinoOptions;
  flash?: MemoryFlash;
  mac?: Buffer;
}

/** One board: Espruino started on it, everything it prints collected. */
export class BenchBoard {
  readonly board: BoardProfile;
  readonly flash: MemoryFlash;
  readonly mac: Buffer;
  readonly events: BoardEvent[] = [];
  readonly resets: Array<{ reason: ResetReason; mode: string }> = [];
  personality!: EspruinoPersonality;
  private out: Buffer[] = [];
  private readonly waiters = new Set<() => void>();
  private baud = 115200;

  constructor(private readonly options: BenchOptions = {}) {
    this.board = loadBoard();
    this.flash = options.flash ?? new MemoryFlash(flashBytes(this.board));
    this.mac = options.mac ?? Buffer.from([0x24, 0x0a, 0xc4, 0x12, 0x34, 0x56]);
    this.powerOn();
  }

  /** Start Espruino as a flash boot does (again, after a reset). */
  powerOn(): void {
    const services: BoardServices = {
      board: this.board,
      flash: this.flash,
      mac: this.mac,
      deviceId: `esp32-${this.mac.subarray(3).toString('hex')}`,
      uartWrite: (data) => this.collect(typeof data === 'string' ? Buffer.from(data, 'latin1') : Buffer.from(data)),
      getChipBaud: () => this.baud,
      setChipBaud: (baud) => {
        this.baud = baud;
      },
      softReset: (reason, mode) => {
        this.resets.push({ reason, mode });
        this.notify();
      },
      emit: (event) => {
        this.events.push(event);
        this.notify();
      },
    };
    this.personality = startEspruino(services, this.options.espruino);
  }

  /** A restart with the same flash (power cycle). */
  async restart(): Promise<void> {
    await this.personality.stop();
    this.out = [];
    this.powerOn();
  }

  send(text: string | Buffer): void {
    this.personality.receive(typeof text === 'string' ? Buffer.from(text, 'latin1') : text);
  }

  /** Everything the chip sent, as a byte string. */
  get output(): string {
    return Buffer.concat(this.out).toString('latin1');
  }

  /** Forget what was printed so far (the next waits look at new output only). */
  clearOutput(): void {
    this.out = [];
  }

  /** Wait until the output matches; rejects with what was printed after `timeoutMs`. */
  waitFor(pattern: RegExp | string, timeoutMs = 5000): Promise<string> {
    return this.until(() => {
      const text = this.output;
      return (typeof pattern === 'string' ? text.includes(pattern) : pattern.test(text)) ? text : undefined;
    }, timeoutMs, `output ${String(pattern)}`);
  }

  /** Wait until a board event satisfies `test`. */
  waitForEvent(test: (e: BoardEvent) => boolean, timeoutMs = 5000): Promise<BoardEvent> {
    return this.until(() => this.events.find(test), timeoutMs, 'a board event');
  }

  /** Wait for a condition, re-checked whenever the board prints or emits something (and every 20 ms). */
  until<T>(check: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    return new Promise((resolve, reject) => {
      const done = (): void => {
        clearTimeout(timer);
        clearInterval(poll);
        this.waiters.delete(test);
      };
      const test = (): boolean => {
        const v = check();
        if (v === undefined) return false;
        done();
        resolve(v);
        return true;
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`timed out waiting for ${what}; the board printed: ${JSON.stringify(this.output.slice(-600))}`));
      }, timeoutMs);
      const poll = setInterval(test, 20);
      if (!test()) this.waiters.add(test);
    });
  }

  async close(): Promise<void> {
    await this.personality.stop();
  }

  private collect(data: Buffer): void {
    this.out.push(data);
    this.notify();
  }

  private notify(): void {
    for (const w of [...this.waiters]) w();
  }
}
