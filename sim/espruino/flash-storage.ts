// Espruino's Storage, kept inside the flash in Espruino's own on-flash format, so a flash file written by
// the virtual board holds what a real board's flash would (and survives restarts).
//
// Format (Espruino src/jsflash.h and src/jsflash.c, 2v05 and later):
// - files follow each other from the start of the Storage area, each a 32-byte header then its data,
//   the next header at the following 4-byte boundary (JSF_ALIGNMENT is 4 unless FLASH_64BITS_ALIGNMENT);
// - header: u32 little-endian size (low 24 bits) with flags in the top 8 bits, then a 28-byte name padded
//   with zeros; a header whose size word is 0xFFFFFFFF (erased) or 0 ends the run;
// - a file is deleted by zeroing the first 4 bytes of its name; nothing is rewritten until compaction;
// - when the headers in a page run out, the walk tries the start of the next 4 KB page (flash sector).
import type { FlashStore } from '../seam/personality.ts';

export const HEADER_BYTES = 32;
export const NAME_BYTES = 28;
export const ALIGNMENT = 4;
/** The ESP32's SPI flash erases in 4 KB sectors (jshFlashGetPage in targets/esp32/jshardware.c). */
export const PAGE_BYTES = 4096;

export const FLAG_NONE = 0;
/** A StorageFile chunk (Storage.open). */
export const FLAG_STORAGEFILE = 64;
/** Compressed data (.varimg). */
export const FLAG_COMPRESSED = 128;

/** A Storage failure, with the exact text Espruino throws. */
export class StorageError extends Error {}

/** Where flash time goes, so the interpreter can account for it. */
export interface FlashCost {
  wrote(bytes: number): void;
  erased(pages: number): void;
}

export interface FileHeader {
  /** Address of the header. */
  addr: number;
  size: number;
  flags: number;
  /** The name without its zero padding. */
  name: string;
  deleted: boolean;
}

export interface StorageStats {
  totalBytes: number;
  freeBytes: number;
  fileBytes: number;
  fileCount: number;
  trashBytes: number;
  trashCount: number;
}

const align = (n: number): number => (n + ALIGNMENT - 1) & ~(ALIGNMENT - 1);

/** The 28 name bytes Espruino stores for a name (jsfNameFromVar: the string's bytes, cut at 28). */
export function encodeName(name: string): Buffer {
  const out = Buffer.alloc(NAME_BYTES);
  Buffer.from(name, 'latin1').copy(out, 0, 0, NAME_BYTES);
  return out;
}

export class FlashStorage {
  readonly start: number;
  readonly end: number;

  constructor(private readonly flash: FlashStore, offset: number, size: number, private readonly cost?: FlashCost) {
    this.start = offset;
    this.end = offset + size;
  }

  // ---------------------------------------------------------------- reading the layout

  /** The header at addr, or null when there is no valid header there (jsfGetFileHeader). */
  header(addr: number): FileHeader | null {
    if (addr <= 0 || addr + HEADER_BYTES > this.end) return null;
    const raw = this.flash.read(addr, HEADER_BYTES);
    const word = raw.readUInt32LE(0);
    const size = word & 0x00ffffff;
    if (word === 0xffffffff || word === 0 || addr + HEADER_BYTES + size > this.end) return null;
    const nameBytes = raw.subarray(4);
    const zero = nameBytes.indexOf(0);
    return {
      addr,
      size,
      flags: word >>> 24,
      name: nameBytes.subarray(0, zero < 0 ? NAME_BYTES : zero).toString('latin1'),
      deleted: raw.readUInt32LE(4) === 0,
    };
  }

  /** The start of the page after the one holding addr, or 0 past the end (jsfGetAddressOfNextPage). */
  private nextPage(addr: number): number {
    const next = Math.floor(addr / PAGE_BYTES) * PAGE_BYTES + PAGE_BYTES;
    return next >= this.end ? 0 : next;
  }

  /**
   * Where the header after `h` should be, and the header found there (jsfGetNextFileHeader).
   * With `allPages`, a missing header sends the walk to the start of the next page once.
   */
  private next(h: FileHeader, allPages: boolean): { addr: number; header: FileHeader | null } {
    const addr = align(h.addr + HEADER_BYTES + h.size);
    if (addr + HEADER_BYTES > this.end) return { addr: 0, header: null };
    let header = this.header(addr);
    if (header || !allPages) return { addr, header };
    const page = this.nextPage(addr);
    if (!page) return { addr: 0, header: null };
    header = this.header(page);
    return { addr: page, header };
  }

  /** Every header from the start, deleted ones included. */
  *headers(): Generator<FileHeader> {
    let h = this.header(this.start);
    while (h) {
      yield h;
      h = this.next(h, true).header;
    }
  }

  /** The live file called `name` (jsfFindFile). */
  find(name: string): FileHeader | null {
    const want = encodedName(name);
    for (const h of this.headers()) if (!h.deleted && h.name === want) return h;
    return null;
  }

  // ---------------------------------------------------------------- the file API

  read(name: string, offset = 0, length = 0): Buffer | undefined {
    const h = this.find(name);
    if (!h) return undefined;
    // clip the request as jsfReadFile does
    if (offset < 0) offset = 0;
    if (length <= 0) length = h.size;
    if (offset > h.size) offset = h.size;
    if (offset + length > h.size) length = h.size - offset;
    if (length <= 0) return Buffer.alloc(0);
    return this.flash.read(h.addr + HEADER_BYTES + offset, length);
  }

  /**
   * Write `data` at `offset` of file `name`, creating it `size` bytes long when offset is 0
   * (jsfWriteFile). Returns false for a negative offset or size; throws Espruino's errors.
   */
  write(name: string, data: Buffer, offset = 0, size = 0, flags = FLAG_NONE): boolean {
    if (offset < 0 || size < 0) return false;
    if (size === 0) size = data.length;
    if (!size) throw new StorageError("Can't create zero length file");
    let h = this.find(name);
    const wrong = h !== null && offset === 0 && (flags !== h.flags || size !== h.size || !this.isErased(h.addr + HEADER_BYTES, size));
    if ((!h && offset === 0) || wrong) {
      if (h && offset === 0 && size === h.size && flags === h.flags && data.length === size &&
          this.flash.read(h.addr + HEADER_BYTES, size).equals(data)) {
        return true; // the same file again: nothing to do
      }
      if (h) this.markDeleted(h);
      h = this.create(name, size, flags);
    }
    if (!h) throw new StorageError('Unable to find or create file');
    if (offset + data.length > h.size) throw new StorageError('Too much data for file size');
    const at = h.addr + HEADER_BYTES + offset;
    if (!this.isErased(at, data.length)) throw new StorageError('File already written with different data');
    this.program(at, data);
    return true;
  }

  /** Delete a file; false if there was none (jsfEraseFile). */
  erase(name: string): boolean {
    const h = this.find(name);
    if (!h) return false;
    this.markDeleted(h);
    return true;
  }

  /** Erase the whole Storage area (Storage.eraseAll). */
  eraseAll(): void {
    this.erasePages(this.start, this.end);
  }

  /** Names of the live files, in flash order (jsfListFiles without a filter). */
  list(): FileHeader[] {
    return [...this.headers()].filter((h) => !h.deleted);
  }

  stats(): StorageStats {
    let fileBytes = 0;
    let fileCount = 0;
    let trashBytes = 0;
    let trashCount = 0;
    let last = this.start;
    for (const h of this.headers()) {
      const bytes = align(h.size) + HEADER_BYTES;
      last = h.addr + bytes;
      if (h.deleted) {
        trashBytes += bytes;
        trashCount++;
      } else {
        fileBytes += bytes;
        fileCount++;
      }
    }
    return { totalBytes: this.end - this.start, freeBytes: this.end - last, fileBytes, fileCount, trashBytes, trashCount };
  }

  /**
   * Is the Storage area well formed (jsfIsStorageValid with JSFSTT_NORMAL, checked at first boot)?
   * The walk must end on an all-0xFF header slot; an empty Storage must be erased all the way.
   */
  isValid(): boolean {
    let h = this.header(this.start);
    let endAddr = this.start;
    while (h) {
      const step = this.next(h, true);
      if (!step.addr) {
        const after = align(h.addr + HEADER_BYTES + h.size);
        return after <= this.end; // ran into the end of Storage: full, which is fine
      }
      endAddr = step.addr;
      h = step.header;
    }
    const slot = this.flash.read(endAddr, Math.min(HEADER_BYTES, this.end - endAddr));
    const allFF = slot.every((b) => b === 0xff);
    if (allFF && endAddr === this.start) return this.isErased(this.start, this.end - this.start);
    return allFF;
  }

  /** Rewrite the live files contiguously from the start and erase the rest (jsfCompact). */
  compact(): void {
    const live = this.list().map((h) => this.flash.read(h.addr, HEADER_BYTES + align(h.size)));
    const used = this.stats();
    if (used.trashCount === 0) return;
    const lastUsed = this.end - used.freeBytes;
    this.erasePages(this.start, lastUsed);
    let at = this.start;
    for (const chunk of live) {
      this.program(at, chunk);
      at += chunk.length;
    }
  }

  // ---------------------------------------------------------------- internals

  private create(name: string, size: number, flags: number): FileHeader | null {
    const required = align(size) + HEADER_BYTES;
    for (let attempt = 0; attempt < 2; attempt++) {
      const at = this.findHole(required);
      if (at) {
        const header = Buffer.alloc(HEADER_BYTES);
        header.writeUInt32LE(((flags & 0xff) << 24 | size) >>> 0, 0);
        encodeName(name).copy(header, 4);
        this.program(at, header);
        return this.header(at);
      }
      if (attempt === 0) this.compact(); // no room: compact once, then give up (jsfCreateFile)
    }
    return null;
  }

  /** The first empty header slot with `required` bytes free behind it, walking page runs. */
  private findHole(required: number): number {
    let addr = this.start;
    while (addr) {
      let h = this.header(addr);
      while (h) {
        const step = this.next(h, false);
        addr = step.addr;
        h = step.header;
      }
      if (addr && this.spaceFrom(addr) >= required) return addr;
      addr = addr ? this.nextPage(addr) : 0;
    }
    return 0;
  }

  /** Room from addr to the next page, or to the end when the next page is empty (jsfGetSpaceLeftInPage). */
  private spaceFrom(addr: number): number {
    let pageEnd = Math.floor(addr / PAGE_BYTES) * PAGE_BYTES + PAGE_BYTES;
    if (pageEnd >= this.end || !this.header(pageEnd)) pageEnd = this.end;
    return pageEnd - addr;
  }

  private markDeleted(h: FileHeader): void {
    this.flash.write(h.addr + 4, Buffer.alloc(4));
    this.cost?.wrote(4);
  }

  private isErased(addr: number, length: number): boolean {
    if (length <= 0) return true;
    return this.flash.read(addr, length).every((b) => b === 0xff);
  }

  private program(addr: number, data: Buffer): void {
    this.flash.write(addr, data);
    this.cost?.wrote(data.length);
  }

  private erasePages(from: number, to: number): void {
    const first = Math.floor(from / PAGE_BYTES) * PAGE_BYTES;
    let pages = 0;
    for (let page = first; page < to && page < this.end; page += PAGE_BYTES) {
      const start = Math.max(page, this.start);
      const length = Math.min(page + PAGE_BYTES, this.end) - start;
      if (!this.isErased(start, length)) {
        this.flash.erase(start, length);
        pages++;
      }
    }
    this.cost?.erased(pages);
  }
}

/** A name as it reads back from flash: cut at 28 bytes and at the first zero byte. */
function encodedName(name: string): string {
  const bytes = encodeName(name);
  const zero = bytes.indexOf(0);
  return bytes.subarray(0, zero < 0 ? NAME_BYTES : zero).toString('latin1');
}
