// The 4 MB SPI flash behind the chip, backed by a file so that it survives restarts, like the real chip.
// A new file is created 0xff-filled (an erased NOR flash). The whole image is kept in memory and every write
// goes through to the file at once, so a crash or kill never leaves the file behind the board.
import { closeSync, existsSync, fstatSync, fsyncSync, mkdirSync, openSync, readSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { EspkitError } from '../core/errors.ts';
import type { FlashStore } from './seam/personality.ts';

export class FileFlash implements FlashStore {
  readonly size: number;
  readonly path: string;
  private readonly image: Buffer;
  private fd: number | undefined;

  private constructor(path: string, size: number, image: Buffer, fd: number) {
    this.path = path;
    this.size = size;
    this.image = image;
    this.fd = fd;
  }

  /** Open (or create, 0xff-filled) the flash file. A file of another size is refused, not resized. */
  static open(path: string, size: number): FileFlash {
    const created = !existsSync(path);
    if (created) mkdirSync(dirname(path), { recursive: true });
    let fd: number;
    try {
      fd = openSync(path, created ? 'w+' : 'r+');
    } catch (err) {
      throw new EspkitError(`cannot open flash file ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message} (check the path and its permissions)`, { cause: err });
    }
    const image = Buffer.alloc(size, 0xff);
    if (created) {
      writeSync(fd, image, 0, size, 0);
    } else {
      const actual = fstatSync(fd).size;
      if (actual !== size) {
        closeSync(fd);
        throw new EspkitError(`flash file ${path} is ${actual} bytes but the board has ${size} (${size / 1048576} MB): delete it or pick another file`);
      }
      let got = 0;
      while (got < size) got += readSync(fd, image, got, size - got, got);
    }
    return new FileFlash(path, size, image, fd);
  }

  read(offset: number, length: number): Buffer {
    this.check(offset, length);
    return Buffer.from(this.image.subarray(offset, offset + length));
  }

  write(offset: number, data: Uint8Array): void {
    this.check(offset, data.length);
    this.image.set(data, offset);
    this.persist(offset, data.length);
  }

  erase(offset: number, length: number): void {
    this.check(offset, length);
    this.image.fill(0xff, offset, offset + length);
    this.persist(offset, length);
  }

  sync(): void {
    if (this.fd !== undefined) fsyncSync(this.fd);
  }

  close(): void {
    if (this.fd === undefined) return;
    this.sync();
    closeSync(this.fd);
    this.fd = undefined;
  }

  private persist(offset: number, length: number): void {
    if (this.fd === undefined || length === 0) return;
    writeSync(this.fd, this.image, offset, length, offset);
  }

  private check(offset: number, length: number): void {
    if (!Number.isInteger(offset) || !Number.isInteger(length) || offset < 0 || length < 0 || offset + length > this.size) {
      throw new RangeError(`flash access 0x${offset.toString(16)}+${length} is outside the ${this.size}-byte flash`);
    }
  }
}
