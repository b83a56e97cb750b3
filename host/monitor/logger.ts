// --log FILE: every line from the board (unfiltered, uncoloured, as drawn, escaped) with the time it completed, plus
// the monitor's own notes, appended to a file. The file is opened at start so a bad path fails at once.
import { createWriteStream, openSync, type WriteStream } from 'node:fs';
import { EspkitError, oneLine } from '../../core/errors.ts';
import { escapeLine } from '../console/escape.ts';
import { LineSplitter } from '../console/line-splitter.ts';
import { LineDecoder } from './line-decoder.ts';
import { visibleLine } from '../console/visible-line.ts';

export class LineLogger {
  private readonly splitter = new LineSplitter();
  private readonly decoder = new LineDecoder();
  private readonly stream: WriteStream;

  private constructor(readonly file: string, fd: number, private readonly clock: () => Date) {
    this.stream = createWriteStream('', { fd, autoClose: true });
    this.stream.on('error', () => {}); // a failing disk must not take the monitor down
  }

  static open(file: string, clock: () => Date = () => new Date()): LineLogger {
    let fd: number;
    try {
      fd = openSync(file, 'a');
    } catch (err) {
      throw new EspkitError(`cannot write the log file ${file}: ${oneLine(err)}`, { cause: err });
    }
    return new LineLogger(file, fd, clock);
  }

  data(chunk: Buffer): void {
    for (const line of this.splitter.push(chunk)) this.line(line);
  }

  /** The board went away mid-line: what it said so far is a line of its own. */
  endLine(): void {
    const rest = this.splitter.flush();
    if (rest) this.line(rest);
  }

  note(message: string): void {
    this.stream.write(`${this.clock().toISOString()} --- ${message}\n`);
  }

  async close(): Promise<void> {
    this.endLine();
    await new Promise<void>((resolve) => this.stream.end(() => resolve()));
  }

  private line(bytes: Buffer): void {
    const time = this.clock().toISOString();
    const raw = bytes.toString('latin1');
    const decoded = this.decoder.decode(raw);
    // the line as drawn: Espruino's line-editor moves applied (see visible-line.ts)
    let text = `${time} ${escapeLine(Buffer.from(visibleLine(raw), 'latin1'), { terminal: false })}\n`;
    for (const note of decoded.notes) text += `${time} --- ${note}\n`;
    this.stream.write(text);
  }
}

