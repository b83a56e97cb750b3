// The baud of UART0 is not stored anywhere on the chip: it is the UART's source clock divided by
// UART_CLKDIV_REG (an integer part in bits 0-19 and a fractional part in sixteenths in bits 20-23).
// Source: ESP32 Technical Reference Manual, UART chapter (UART_CLKDIV_REG); esptool-js reads this register
// (UART_CLKDIV_REG 0x3ff40014, mask 0xfffff) and multiplies it by the baud it talks at to detect the crystal.
//
// At reset the ROM runs the UART from the 40 MHz crystal (APB = XTAL) at 115200. A flasher stub may raise the
// APB clock (esptool-js's ESP32 stub runs it at 80 MHz, esptool.py's stubs stay at 40 MHz); the baud then
// follows from whichever divider is programmed for whichever clock, which is why it is modelled this way.

export const XTAL_HZ = 40_000_000;
export const ROM_BAUD = 115_200;
export const UART_CLKDIV_REG = 0x3ff40014;

export class UartClock {
  private clockHz = XTAL_HZ;
  /** Divider in sixteenths (the register's integer part << 4 | fractional part). */
  private div16 = 0;

  constructor() {
    this.reset();
  }

  /** Chip reset: ROM clocking, 115200 baud. */
  reset(): void {
    this.clockHz = XTAL_HZ;
    this.setBaud(ROM_BAUD);
  }

  get baud(): number {
    return (this.clockHz * 16) / this.div16;
  }

  get sourceClockHz(): number {
    return this.clockHz;
  }

  /** Program the divider for `baud` at the current clock, rounded as uart_div_modify does. */
  setBaud(baud: number): void {
    this.div16 = Math.max(16, Math.round((this.clockHz * 16) / baud));
  }

  /** The chip changes its APB clock; `keepBaud` reprograms the divider as a stub does right after. */
  setClock(hz: number, keepBaud: boolean): void {
    const baud = this.baud;
    this.clockHz = hz;
    if (keepBaud) this.setBaud(baud);
  }

  /** UART_CLKDIV_REG as software reads it. */
  get register(): number {
    return ((this.div16 & 0xf) << 20) | (this.div16 >>> 4);
  }

  /** Software writes UART_CLKDIV_REG (WRITE_REG from the host can do this too). */
  set register(value: number) {
    const div16 = ((value & 0xfffff) << 4) | ((value >>> 20) & 0xf);
    if (div16 >= 16) this.div16 = div16;
  }
}
