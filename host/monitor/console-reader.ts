// The console reader: keystrokes from the terminal (raw mode, so Ctrl-C and friends reach the board as bytes)
// or from a pipe (scripts and tests drive the monitor through its stdin the same way).
import type { Readable } from 'node:stream';

interface MaybeTty {
  isTTY?: boolean;
  setRawMode?: (mode: boolean) => unknown;
}

export class ConsoleReader {
  private raw = false;
  /** Even if the process dies of an error, the terminal must not be left in raw mode. */
  private readonly onExit = (): void => this.stop();
  private readonly onData = (chunk: Buffer | string): void => {
    this.onKeys(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
  };

  constructor(private readonly input: Readable & MaybeTty, private readonly onKeys: (keys: Buffer) => void) {}

  start(): void {
    if (this.input.isTTY && this.input.setRawMode) {
      this.input.setRawMode(true);
      this.raw = true;
      process.once('exit', this.onExit);
    }
    this.input.on('data', this.onData);
    this.input.resume();
  }

  /** Give the terminal back as it was. */
  stop(): void {
    process.off('exit', this.onExit);
    this.input.off('data', this.onData);
    if (this.raw) this.input.setRawMode?.(false);
    this.raw = false;
    this.input.pause();
  }
}
