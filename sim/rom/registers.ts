// The chip's address space as READ_REG and WRITE_REG see it: the few registers that tools read to identify the
// chip, the UART divider, the SPI1 controller (enough to run the user commands esptool uses, e.g. the JEDEC id
// read 0x9F), and plain words everywhere else.
// Sources: esptool-js 0.7.0 targets/esp32.js and esploader.js runSpiflashCommand (SPI1 at 0x3ff42000, USR 0x1c,
// USR1 0x20, USR2 0x24, MOSI_DLEN 0x28, MISO_DLEN 0x2c, W0 0x80, SPI_CMD_USR = bit 18); ESP32 TRM (GPIO_STRAP_REG
// holds the strapping pins the ROM prints as "boot:0x13"/"boot:0x3"); TIMG0 RTCCALICFG1 holds the ROM's crystal
// calibration that esptool reads before a baud change in the ROM (core/esp32/rom-clock.ts).
import type { UartClock } from '../uart/uart-clock.ts';
import { UART_CLKDIV_REG } from '../uart/uart-clock.ts';
import { APB_CTL_DATE_ADDR, APB_CTL_DATE_REV3, EFUSE_RD_BASE, ROM_RTC_CALI_VALUE, efuseBlock0 } from './efuse.ts';
import { RTC_CALI_REG } from '../../core/esp32/rom-clock.ts';

export const CHIP_MAGIC_ADDR = 0x40001000;
export const CHIP_MAGIC_ESP32 = 0x00f01d83;
export const GPIO_STRAP_REG = 0x3ff44038;

const SPI1_BASE = 0x3ff42000;
const SPI_CMD = SPI1_BASE + 0x00;
const SPI_USR2 = SPI1_BASE + 0x24;
const SPI_W0 = SPI1_BASE + 0x80;
const SPI_CMD_USR = 1 << 18;

/** The flash chip's JEDEC id: Winbond (0xEF), SPI NOR (0x40), 32 Mbit = 4 MB (0x16). */
export const FLASH_JEDEC_ID = [0xef, 0x40, 0x16] as const;

export interface RegisterContext {
  mac: Uint8Array;
  clock: UartClock;
  /** The strapping pins latched at the last reset (0x13 flash boot, 0x03 download). */
  strap: number;
}

export class RegisterSpace {
  private readonly words = new Map<number, number>();
  private readonly efuse: number[];

  constructor(private readonly ctx: RegisterContext) {
    this.efuse = efuseBlock0(ctx.mac);
  }

  read(addr: number): number {
    addr >>>= 0;
    if (addr === CHIP_MAGIC_ADDR) return CHIP_MAGIC_ESP32;
    if (addr >= EFUSE_RD_BASE && addr < EFUSE_RD_BASE + 4 * this.efuse.length && (addr & 3) === 0) return this.efuse[(addr - EFUSE_RD_BASE) / 4]!;
    if (addr === APB_CTL_DATE_ADDR) return APB_CTL_DATE_REV3;
    if (addr === UART_CLKDIV_REG) return this.ctx.clock.register;
    if (addr === GPIO_STRAP_REG) return this.ctx.strap;
    if (addr === RTC_CALI_REG && !this.words.has(addr)) return (ROM_RTC_CALI_VALUE << 7) >>> 0;
    return this.words.get(addr) ?? 0;
  }

  /** WRITE_REG semantics: only the bits in `mask` change. */
  write(addr: number, value: number, mask = 0xffffffff): void {
    addr >>>= 0;
    const merged = ((this.read(addr) & ~mask) | (value & mask)) >>> 0;
    if (addr === UART_CLKDIV_REG) {
      this.ctx.clock.register = merged;
      return;
    }
    // ROM words, the chip magic and the eFuses cannot be written.
    if (addr === CHIP_MAGIC_ADDR || (addr >= EFUSE_RD_BASE && addr < EFUSE_RD_BASE + 0x100) || addr === APB_CTL_DATE_ADDR) return;
    this.words.set(addr, merged);
    if (addr === SPI_CMD && merged & SPI_CMD_USR) this.runSpiUserCommand();
  }

  /** SPI1 user command: the command byte is the low byte of USR2; the reply lands in W0; the USR bit clears. */
  private runSpiUserCommand(): void {
    const command = this.read(SPI_USR2) & 0xff;
    switch (command) {
      case 0x9f: // RDID: manufacturer, memory type, capacity
        this.words.set(SPI_W0, FLASH_JEDEC_ID[0] | (FLASH_JEDEC_ID[1] << 8) | (FLASH_JEDEC_ID[2] << 16));
        break;
      case 0x05: // RDSR: status register 1 (not busy, no protection)
      case 0x35: // RDSR2
        this.words.set(SPI_W0, 0);
        break;
      default:
        break;
    }
    this.words.set(SPI_CMD, this.read(SPI_CMD) & ~SPI_CMD_USR);
  }
}
