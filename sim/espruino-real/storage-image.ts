// Storage in the board's own flash. The Linux build keeps Storage in ./espruino.flash of its working folder
// (256 KB, 1 KB pages, opened and closed on every flash operation: targets/linux/jshardware.c), laid out in
// the same on-flash format as the ESP32's Storage (src/jsflash.c). The board's Storage region (the board
// profile's `storage`, 896 KB at 0x320000 on the DevKit) holds it instead:
// - before the interpreter starts, the first 256 KB of the region become espruino.flash;
// - after it stops (and while it runs, whenever the file changed), espruino.flash goes back into the region,
//   so backup, `espkit erase --region` and reflashing see and change what the program stored.
// The rest of the region is left as it is: the Linux build cannot reach past 256 KB.
//
// The board adds one file of its own before each start, `.boot0` (see esp32-modules.ts), and takes it out
// again when copying back, so the board's flash holds only what the program wrote.
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BoardProfile } from '../../core/board.ts';
import { FlashStorage } from '../espruino/flash-storage.ts';
import type { FlashStore } from '../seam/personality.ts';

/** The Linux build's Storage size (boards/LINUX.py 'flash': 256). */
export const LINUX_STORAGE_BYTES = 256 * 1024;
export const FLASH_FILE_NAME = 'espruino.flash';

/** A FlashStore over an image of the Linux Storage placed where the board's Storage region starts. */
class ImageStore implements FlashStore {
  readonly size: number;
  constructor(private readonly image: Buffer, private readonly base: number) {
    this.size = base + image.length;
  }
  read(offset: number, length: number): Buffer {
    return Buffer.from(this.image.subarray(offset - this.base, offset - this.base + length));
  }
  write(offset: number, data: Uint8Array): void {
    this.image.set(data, offset - this.base);
  }
  erase(offset: number, length: number): void {
    this.image.fill(0xff, offset - this.base, offset - this.base + length);
  }
  sync(): void {}
}

export class StorageImage {
  private readonly offset: number;
  private readonly bytes: number;
  private lastMtime = 0;

  constructor(private readonly flash: FlashStore, board: BoardProfile, private readonly dir: string) {
    this.offset = board.storage.offset;
    this.bytes = Math.min(LINUX_STORAGE_BYTES, board.storage.size);
  }

  get file(): string {
    return join(this.dir, FLASH_FILE_NAME);
  }

  /** Write espruino.flash from the board's region, with `extra` files added (name -> contents). */
  load(extra: Record<string, string>): void {
    const image = Buffer.alloc(LINUX_STORAGE_BYTES, 0xff);
    this.flash.read(this.offset, this.bytes).copy(image);
    const storage = new FlashStorage(new ImageStore(image, this.offset), this.offset, LINUX_STORAGE_BYTES);
    for (const [name, text] of Object.entries(extra)) storage.write(name, Buffer.from(text, 'latin1'));
    writeFileSync(this.file, image);
    this.lastMtime = this.mtime();
  }

  /** Copy espruino.flash back into the region if it changed since the last copy, without `skip` files. */
  save(skip: readonly string[], force = false): boolean {
    const mtime = this.mtime();
    if (!force && mtime === this.lastMtime) return false;
    this.lastMtime = mtime;
    let image: Buffer;
    try {
      image = readFileSync(this.file);
    } catch {
      return false;
    }
    if (image.length < this.bytes) return false;
    const copy = Buffer.from(image.subarray(0, LINUX_STORAGE_BYTES));
    const storage = new FlashStorage(new ImageStore(copy, this.offset), this.offset, LINUX_STORAGE_BYTES);
    for (const name of skip) while (storage.erase(name)) { /* every copy of it */ }
    const region = copy.subarray(0, this.bytes);
    if (!this.flash.read(this.offset, this.bytes).equals(region)) this.flash.write(this.offset, region);
    return true;
  }

  private mtime(): number {
    try {
      return statSync(this.file).mtimeMs;
    } catch {
      return 0;
    }
  }
}
