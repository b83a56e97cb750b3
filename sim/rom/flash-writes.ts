// The write sessions a loader runs between FLASH_BEGIN / FLASH_DEFL_BEGIN and their END, in the two flavours
// the chip has: the ROM's and esptool's stub's. They differ where it shows in the flash:
// - the ROM erases the whole region at BEGIN and writes each block as it comes; its compressed write inflates
//   into a 32 KB buffer and writes the whole buffer at the end, so flash up to the next 32 KB boundary after
//   the image gets stale bytes (facts: esp32-serial.md, "How the real ROM answers");
// - the stub erases sector by sector just ahead of the data, trims the padded last block to the size it was
//   told, and reports errors of a block with the next one (esptool flasher_stub/stub_write_flash.c).
import pako from 'pako';
import { FlashOpError, SECTOR_SIZE, type FlashOps } from './flash-ops.ts';
import { STUB_ERR } from './protocol.ts';

/** The ROM's and the stub's inflate output buffer (tinfl's 32 KB dictionary-sized window). */
export const INFLATE_BUFFER = 32 * 1024;

/** Z_SYNC_FLUSH: hand out everything inflated so far. */
const SYNC_FLUSH = 2;

export class DeflateError extends Error {}

/** ROM FLASH_BEGIN: erase everything now, then write blocks in order. */
export class RomPlainWrite {
  private next: number;

  constructor(private readonly ops: FlashOps, eraseSize: number, offset: number) {
    ops.eraseCovering(offset, eraseSize); // throws FlashOpError past the end
    this.next = offset;
  }

  data(block: Buffer): void {
    this.ops.program(this.next, block);
    this.next += block.length;
  }
}

/** ROM FLASH_DEFL_BEGIN: erase now; inflate into a 32 KB buffer written whole each time it fills and at the end. */
export class RomDeflateWrite {
  private readonly inflater = new pako.Inflate({ chunkSize: INFLATE_BUFFER });
  private fill = 0;
  private window: number;
  private finished = false;

  /** `buffer` is the ROM's RAM buffer; it keeps its bytes between sessions, which is where the stale bytes come from. */
  constructor(private readonly ops: FlashOps, eraseSize: number, offset: number, private readonly buffer: Buffer) {
    ops.eraseCovering(offset, eraseSize);
    this.window = offset;
    this.inflater.onData = (chunk) => this.take(chunk);
  }

  data(block: Buffer): void {
    if (this.finished) return;
    if (!this.inflater.push(block, SYNC_FLUSH) && this.inflater.err < 0) throw new DeflateError(this.inflater.msg || 'bad deflate data');
    if (this.inflater.ended) {
      this.finished = true;
      if (this.fill > 0) this.ops.program(this.window, this.buffer); // the whole buffer, stale tail included
    }
  }

  private take(chunk: Uint8Array): void {
    let pos = 0;
    while (pos < chunk.length) {
      const n = Math.min(chunk.length - pos, INFLATE_BUFFER - this.fill);
      this.buffer.set(chunk.subarray(pos, pos + n), this.fill);
      this.fill += n;
      pos += n;
      if (this.fill === INFLATE_BUFFER) {
        this.ops.program(this.window, this.buffer);
        this.window += INFLATE_BUFFER;
        this.fill = 0;
      }
    }
  }
}

/** The stub's write session, plain or compressed (handle_flash_begin / _data / _deflated_data / _end). */
export class StubWrite {
  private next: number;
  private remaining: number;
  private nextEraseSector: number;
  private remainingEraseSectors: number;
  private lastError: number = STUB_ERR.OK;
  private readonly inflater: pako.Inflate | undefined;
  private remainingCompressed: number;
  private out: Buffer[] = [];
  private outLength = 0;

  constructor(private readonly ops: FlashOps, totalSize: number, offset: number, compressedSize?: number) {
    this.next = offset;
    this.remaining = totalSize;
    this.nextEraseSector = Math.floor(offset / SECTOR_SIZE);
    this.remainingEraseSectors = Math.ceil(((offset % SECTOR_SIZE) + totalSize) / SECTOR_SIZE);
    this.remainingCompressed = compressedSize ?? 0;
    if (compressedSize !== undefined) {
      this.inflater = new pako.Inflate({ chunkSize: INFLATE_BUFFER });
      this.inflater.onData = (chunk) => { this.out.push(Buffer.from(chunk)); this.outLength += chunk.length; };
    }
  }

  get compressed(): boolean {
    return this.inflater !== undefined;
  }

  /** The error a DATA command reports: the one left by an earlier block. */
  get pendingError(): number {
    return this.lastError;
  }

  /** handle_flash_data: trim to what is left, erase ahead, program. */
  write(data: Buffer): void {
    const length = Math.min(data.length, this.remaining);
    if (length === 0) return;
    try {
      const lastSector = Math.floor((this.next + length) / SECTOR_SIZE);
      while (this.remainingEraseSectors > 0 && this.nextEraseSector <= lastSector) {
        this.ops.eraseCovering(this.nextEraseSector * SECTOR_SIZE, SECTOR_SIZE);
        this.nextEraseSector++;
        this.remainingEraseSectors--;
      }
      this.ops.program(this.next, data.subarray(0, length));
    } catch (err) {
      if (!(err instanceof FlashOpError)) throw err;
      this.lastError = STUB_ERR.FAILED_SPI_OP;
    }
    this.next += length;
    this.remaining -= length;
  }

  /** handle_flash_deflated_data: inflate, write each full 32 KB and the rest at the end of the stream. */
  writeCompressed(data: Buffer): void {
    const inflater = this.inflater!;
    if (this.remaining === 0 || inflater.ended) {
      if (data.length > 0) this.lastError = STUB_ERR.TOO_MUCH_DATA;
      return;
    }
    this.remainingCompressed = Math.max(0, this.remainingCompressed - data.length);
    if (!inflater.push(data, SYNC_FLUSH) && inflater.err < 0) {
      this.lastError = STUB_ERR.INFLATE_ERROR;
      return;
    }
    while (this.outLength >= INFLATE_BUFFER || (inflater.ended && this.outLength > 0)) {
      const all = Buffer.concat(this.out);
      const n = inflater.ended ? all.length : INFLATE_BUFFER;
      this.write(all.subarray(0, n));
      this.out = n < all.length ? [all.subarray(n)] : [];
      this.outLength = all.length - n;
    }
    if (inflater.ended && this.remaining > 0) this.lastError = STUB_ERR.NOT_ENOUGH_DATA;
    if (!inflater.ended && this.remaining === 0) this.lastError = STUB_ERR.TOO_MUCH_DATA;
  }

  /** handle_flash_end. */
  end(): number {
    if (this.remaining > 0) return STUB_ERR.NOT_ENOUGH_DATA;
    return this.lastError;
  }
}
