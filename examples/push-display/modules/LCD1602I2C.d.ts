// Types of LCD1602I2C.js: a 16x2 character display behind a PCF8574 I2C expander.

export interface CharacterDisplay {
  /** Show `text` over both rows: its first 16 characters on the top row, the next 16 below. */
  show(text: string): void;
}

/** The display on `i2c` (set up by the caller) at `address` (default 0x27). */
export function connect(i2c: I2C, address?: number): CharacterDisplay;
