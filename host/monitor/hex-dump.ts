// --hex: the bytes as a hex dump, 16 to a row with the offset since the monitor started and the printable
// characters at the side (the layout of `hexdump -C`). A row is printed when full, or when the board pauses.

export class HexDumper {
  private offset = 0;
  private row: number[] = [];

  /** Rows completed by this chunk. */
  push(chunk: Uint8Array): string[] {
    const rows: string[] = [];
    for (const b of chunk) {
      this.row.push(b);
      if (this.row.length === 16) rows.push(this.takeRow());
    }
    return rows;
  }

  /** The incomplete row, if any (the board paused). */
  flush(): string | undefined {
    return this.row.length > 0 ? this.takeRow() : undefined;
  }

  private takeRow(): string {
    const bytes = this.row;
    this.row = [];
    const hex = bytes.map((b) => b.toString(16).padStart(2, '0'));
    const left = hex.slice(0, 8).join(' ');
    const right = hex.slice(8).join(' ');
    const text = bytes.map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
    const line = `${this.offset.toString(16).padStart(8, '0')}  ${left.padEnd(23)}  ${right.padEnd(23)}  |${text}|`;
    this.offset += bytes.length;
    return line;
  }
}
