// An image set is a list of regions (address + bytes). Everything about it is checked here, before the
// board is touched: every region fits in the flash, none overlap, bootloader/application images have a
// valid header (magic, segments, checksum, the appended SHA-256), are built for the board's chip and fit
// their partition; then the board's flash parameters are patched into the bootloader header.
import { createHash } from 'node:crypto';
import { EspkitError } from '../../core/errors.ts';
import { flashBytes, type BoardProfile } from '../../core/board.ts';
import { checkEspImage, chipIdName, patchFlashParams } from './esp-image.ts';
import { parsePartitionTable, type Partition } from './partition-table.ts';

export type RegionKind = 'bootloader' | 'partitions' | 'app' | 'merged' | 'data';

export interface Region {
  address: number;
  data: Buffer;
  /** What the user knows it by: a file name, or "bootloader.bin (Espruino 2v28)". */
  name: string;
}

export interface ImageSet {
  regions: Region[];
  /** One line for people: "Espruino 2v28 (cached)", "3 files", "merged.bin". */
  description: string;
  espruinoVersion?: string;
}

/** A region ready to write: patched, padded to 4 bytes, with its MD5. */
export interface PreparedRegion extends Region {
  kind: RegionKind;
  md5: string;
  /** True when the board's flash mode/frequency/size were written into its bootloader header. */
  patched: boolean;
}

/** The ESP32's flash sector: the stub erases whole sectors, so a region must start on one. */
export const SECTOR = 0x1000;

export function hex(n: number): string {
  return `0x${n.toString(16)}`;
}

export function bytes(n: number): string {
  return `${n.toLocaleString('en-US')} bytes`;
}

/** An address or size as the user writes it: 0x1000, 4096, 4k, 1M. */
export function parseNumber(text: string, what: string): number {
  const m = /^(0x[0-9a-f]+|\d+)([km])?$/i.exec(text.trim());
  if (!m) throw new EspkitError(`bad ${what} "${text}": use a number like 0x10000, 65536 or 64k`, { code: 2 });
  const base = Number(m[1]!.toLowerCase().startsWith('0x') ? parseInt(m[1]!, 16) : parseInt(m[1]!, 10));
  const unit = m[2]?.toLowerCase() === 'k' ? 1024 : m[2]?.toLowerCase() === 'm' ? 1024 * 1024 : 1;
  return base * unit;
}

function kindOf(region: Region, board: BoardProfile): RegionKind {
  const { address, data } = region;
  if (address === board.images.bootloader) return 'bootloader';
  if (address === board.images.partitions) return 'partitions';
  if (address === 0 && data.length > board.images.bootloader && data[board.images.bootloader] === 0xe9) return 'merged';
  if (address === board.images.app || data[0] === 0xe9) return 'app';
  return 'data';
}

/** Check an image set against the board and prepare it for writing. Throws one clear EspkitError. */
export function prepareImageSet(set: ImageSet, board: BoardProfile): PreparedRegion[] {
  const size = flashBytes(board);
  const regions = set.regions.map((r) => ({ ...r, kind: kindOf(r, board) }));
  if (regions.length === 0) throw new EspkitError('nothing to flash: give a release, a .bin file or ADDR=FILE pairs', { code: 2 });
  for (const r of regions) {
    if (r.data.length === 0) throw new EspkitError(`${r.name} is empty: nothing to write`);
    if (r.address % SECTOR !== 0) {
      throw new EspkitError(`${r.name} at ${hex(r.address)} does not start on a 4 KB flash sector: the sector erase would wipe the bytes before it; use an address that is a multiple of 0x1000`);
    }
    if (r.address + r.data.length > size) {
      const over = r.address + r.data.length - size;
      throw new EspkitError(`${r.name} (${bytes(r.data.length)} at ${hex(r.address)}) does not fit in the ${board.flash.size} flash: it runs ${bytes(over)} past the end`);
    }
  }
  const sorted = [...regions].sort((a, b) => a.address - b.address);
  for (let i = 1; i < sorted.length; i++) {
    const a = sorted[i - 1]!;
    const b = sorted[i]!;
    if (a.address + a.data.length > b.address) {
      throw new EspkitError(`${a.name} (${hex(a.address)}-${hex(a.address + a.data.length - 1)}) overlaps ${b.name} (${hex(b.address)}-${hex(b.address + b.data.length - 1)}): fix the addresses`);
    }
  }
  const table = findPartitionTable(regions, board);
  for (const r of regions) checkContents(r, board, table);
  return regions.map((r) => finish(r, board));
}

function findPartitionTable(regions: Array<Region & { kind: RegionKind }>, board: BoardProfile): Partition[] | undefined {
  for (const r of regions) {
    let slice: Buffer | undefined;
    if (r.kind === 'partitions') slice = r.data;
    if (r.kind === 'merged' && r.data.length > board.images.partitions) slice = r.data.subarray(board.images.partitions, board.images.partitions + 0xc00);
    if (!slice) continue;
    try {
      return parsePartitionTable(slice);
    } catch (err) {
      const where = r.kind === 'merged' ? ` (at ${hex(board.images.partitions)} inside it)` : '';
      throw new EspkitError(`${r.name}${where} ${(err as Error).message}`);
    }
  }
  return undefined;
}

function checkApp(name: string, data: Buffer, address: number, board: BoardProfile, table: Partition[] | undefined): void {
  let info;
  try {
    info = checkEspImage(data);
  } catch (err) {
    throw new EspkitError(`${name} ${(err as Error).message}`);
  }
  if (info.chipId !== 0) {
    throw new EspkitError(`${name} is built for the ${chipIdName(info.chipId)}, but ${board.name} has an ${board.chip}: use the ${board.chip} build`);
  }
  if (address === board.images.bootloader) {
    const room = board.images.partitions - board.images.bootloader;
    if (info.imageLength > room) throw new EspkitError(`${name} (${bytes(info.imageLength)}) is too big for a bootloader: it must end before the partition table at ${hex(board.images.partitions)}`);
    return;
  }
  const part = table?.find((p) => p.offset === address);
  const room = part ? part.size : address === board.images.app ? board.appPartitionSize : undefined;
  if (room !== undefined && info.imageLength > room) {
    const label = part ? `"${part.label}" partition` : 'application partition';
    throw new EspkitError(`${name} (${bytes(info.imageLength)}) does not fit the ${bytes(room)} ${label} at ${hex(address)}`);
  }
}

function checkContents(r: Region & { kind: RegionKind }, board: BoardProfile, table: Partition[] | undefined): void {
  switch (r.kind) {
    case 'bootloader':
    case 'app':
      checkApp(r.name, r.data, r.address, board, table);
      return;
    case 'partitions':
      return; // parsed in findPartitionTable
    case 'merged': {
      const at = (offset: number): Buffer => r.data.subarray(offset);
      checkApp(`${r.name} (bootloader at ${hex(board.images.bootloader)})`, at(board.images.bootloader), board.images.bootloader, board, table);
      if (r.data.length > board.images.app && r.data[board.images.app] === 0xe9) {
        checkApp(`${r.name} (application at ${hex(board.images.app)})`, at(board.images.app), board.images.app, board, table);
      }
      return;
    }
    case 'data':
      return;
  }
}

function finish(r: Region & { kind: RegionKind }, board: BoardProfile): PreparedRegion {
  let data = r.data;
  let patched = false;
  if (r.kind === 'bootloader') {
    ({ data, changed: patched } = patchFlashParams(data, board.flash));
  } else if (r.kind === 'merged') {
    // esptool patches only an image written AT the bootloader offset; a merged image at 0x0 carries the
    // same bootloader 0x1000 bytes in, so we patch it there too and keep the rest untouched.
    const off = board.images.bootloader;
    const boot = patchFlashParams(data.subarray(off), board.flash);
    if (boot.changed) {
      data = Buffer.concat([data.subarray(0, off), boot.data]);
      patched = true;
    }
  }
  // esptool pads every image to a multiple of 4 bytes with 0xFF (cmds.py write_flash: pad_to(image, 4)).
  const pad = (4 - (data.length % 4)) % 4;
  if (pad > 0) data = Buffer.concat([data, Buffer.alloc(pad, 0xff)]);
  return { address: r.address, name: r.name, data, kind: r.kind, patched, md5: createHash('md5').update(data).digest('hex') };
}
