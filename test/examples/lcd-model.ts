// The display an HD44780 behind a PCF8574 expander shows, rebuilt from the bytes written to the expander
// (P0 RS, P2 EN, P4-P7 D4-D7): a nibble is latched when EN falls; after the wake-up nibbles the display takes
// two nibbles a byte. Enough of the controller to read back text: set-address commands and character writes.

export class CharacterLcd {
  readonly rows: string[][] = [Array<string>(16).fill(' '), Array<string>(16).fill(' ')];
  #en = 0;
  #fourBit = false;
  #high: number | undefined;
  #address = 0;

  /** Feed the bytes of one I2C write to the expander. */
  write(bytes: Uint8Array): void {
    for (const b of bytes) {
      const en = b & 4;
      if (this.#en && !en) this.#latch(b >> 4, b & 1);
      this.#en = en;
    }
  }

  text(row: number): string {
    return this.rows[row]!.join('');
  }

  #latch(nibble: number, rs: number): void {
    if (!this.#fourBit) {
      // 8-bit mode: only the top nibble is wired; 0x2 switches to 4-bit
      if (nibble === 2) this.#fourBit = true;
      return;
    }
    if (this.#high === undefined) {
      this.#high = nibble;
      return;
    }
    const value = (this.#high << 4) | nibble;
    this.#high = undefined;
    if (rs) this.#character(value);
    else this.#command(value);
  }

  #command(c: number): void {
    if (c === 0x01) {
      for (const row of this.rows) row.fill(' ');
      this.#address = 0;
    } else if (c & 0x80) this.#address = c & 0x7f;
  }

  #character(c: number): void {
    const row = this.#address >= 0x40 ? 1 : 0;
    const col = this.#address - (row ? 0x40 : 0);
    if (col < 16) this.rows[row]![col] = String.fromCharCode(c);
    this.#address++;
  }
}
