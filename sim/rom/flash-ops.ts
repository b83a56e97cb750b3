// Flash operations as the loaders perform them on the SPI NOR chip: erase by 4 KB sectors, program (which can
// only clear bits: a byte becomes old AND new, which is why everything is erased first), bounds.
import type { FlashStore } from '../seam/personality.ts';

export const SECTOR_SIZE = 4096;

/** Thrown by an operation the flash chip refuses; the loaders turn it into their own status codes. */
export class FlashOpError extends Error {}

export class FlashOps {
  /** The size the loader was told (SPI_SET_PARAMS); the physical chip is never larger than flash.size. */
  private configuredSize: number;

  constructor(readonly flash: FlashStore, configuredSize = flash.size) {
    this.configuredSize = configuredSize;
  }

  /** Addresses the loader may touch: the smaller of the configured size and the real chip. */
  get limit(): number {
    return Math.min(this.configuredSize, this.flash.size);
  }

  setConfiguredSize(bytes: number): void {
    this.configuredSize = bytes;
  }

  fits(addr: number, length: number): boolean {
    return addr >= 0 && length >= 0 && addr + length <= this.limit;
  }

  /** Erase every sector touching [addr, addr + length). */
  eraseCovering(addr: number, length: number): void {
    if (length === 0) return;
    const start = Math.floor(addr / SECTOR_SIZE) * SECTOR_SIZE;
    const end = Math.ceil((addr + length) / SECTOR_SIZE) * SECTOR_SIZE;
    if (!this.fits(start, end - start)) throw new FlashOpError(`erase 0x${start.toString(16)}..0x${end.toString(16)} runs past the end of the flash`);
    this.flash.erase(start, end - start);
  }

  /** Program bytes with NOR semantics: bits can only go from 1 to 0. */
  program(addr: number, data: Uint8Array): void {
    if (data.length === 0) return;
    if (!this.fits(addr, data.length)) throw new FlashOpError(`write 0x${addr.toString(16)}+${data.length} runs past the end of the flash`);
    const old = this.flash.read(addr, data.length);
    for (let i = 0; i < data.length; i++) old[i]! &= data[i]!;
    this.flash.write(addr, old);
  }

  read(addr: number, length: number): Buffer {
    if (!this.fits(addr, length)) throw new FlashOpError(`read 0x${addr.toString(16)}+${length} runs past the end of the flash`);
    return this.flash.read(addr, length);
  }
}
