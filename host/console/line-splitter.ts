// Cutting the board's byte stream into lines. A line ends at LF; the CR of a CRLF (what the ROM,
// ESP-IDF and Espruino all send) is dropped. A line that grows past `maxLength` without an LF (a
// binary dump, a runaway print) is cut there, so that memory stays bounded.

export const DEFAULT_MAX_LINE = 4096;

export class LineSplitter {
  private parts: Buffer[] = [];
  private length = 0;
  /** The last line was cut at maxLength: an LF right after it ends that line, not a new empty one. */
  private justCut = false;

  constructor(private readonly maxLength = DEFAULT_MAX_LINE) {
    if (!Number.isInteger(maxLength) || maxLength < 1) throw new RangeError(`bad line length limit ${maxLength}`);
  }

  /** Feed a chunk; returns the lines it completed (without their line ending). */
  push(chunk: Uint8Array): Buffer[] {
    const lines: Buffer[] = [];
    let start = 0;
    if (this.justCut && chunk.length > 0) {
      if (chunk[0] === 0x0a) start = 1;
      this.justCut = false;
    }
    while (start < chunk.length) {
      const room = this.maxLength - this.length;
      const lf = indexOfLf(chunk, start, Math.min(chunk.length, start + room + 1));
      if (lf >= 0) {
        this.append(chunk.subarray(start, lf));
        lines.push(stripCr(this.take()));
        start = lf + 1;
        continue;
      }
      const end = Math.min(chunk.length, start + room);
      this.append(chunk.subarray(start, end));
      start = end;
      if (this.length >= this.maxLength) {
        lines.push(this.take());
        if (start < chunk.length && chunk[start] === 0x0a) start++;
        else this.justCut = start >= chunk.length;
      }
    }
    return lines;
  }

  /** Bytes of the line in progress. */
  get pendingLength(): number {
    return this.length;
  }

  /** The line in progress so far, without consuming it. */
  pending(): Buffer {
    if (this.parts.length > 1) this.parts = [Buffer.concat(this.parts)];
    return this.parts[0] ?? Buffer.alloc(0);
  }

  /** Take the line in progress as if it had ended (the stream closed); undefined if there is none. */
  flush(): Buffer | undefined {
    if (this.length === 0) return undefined;
    return stripCr(this.take());
  }

  private append(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    this.parts.push(Buffer.from(bytes));
    this.length += bytes.length;
  }

  private take(): Buffer {
    const line = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts);
    this.parts = [];
    this.length = 0;
    return line;
  }
}

function indexOfLf(bytes: Uint8Array, from: number, to: number): number {
  for (let i = from; i < to; i++) if (bytes[i] === 0x0a) return i;
  return -1;
}

function stripCr(line: Buffer): Buffer {
  return line.length > 0 && line[line.length - 1] === 0x0d ? line.subarray(0, line.length - 1) : line;
}
