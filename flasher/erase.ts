// Erasing through the stub: the whole chip (ERASE_FLASH 0xd0) or a sector-aligned region (ERASE_REGION 0xd1).
// esptool (cmds.py erase_region) refuses offsets and sizes that are not multiples of the 4 KB sector.
import { UsageError } from '../core/errors.ts';
import { flashBytes, type BoardProfile } from '../core/board.ts';
import type { FlashSession } from './session.ts';
import { guard } from './write.ts';
import { SECTOR, bytes, hex, parseNumber } from './images/regions.ts';

export interface EraseRegion {
  address: number;
  size: number;
}

/** "ADDR:SIZE" as given to --region, checked against the board's flash. */
export function parseRegion(text: string, board: BoardProfile): EraseRegion {
  const m = /^([^:]+):([^:]+)$/.exec(text.trim());
  if (!m) throw new UsageError(`bad region "${text}": write it as ADDR:SIZE, e.g. 0x320000:0xE0000 or 0x9000:24k`);
  const address = parseNumber(m[1]!, 'region address');
  const size = parseNumber(m[2]!, 'region size');
  if (size === 0) throw new UsageError(`region "${text}" is empty`);
  if (address + size > flashBytes(board)) {
    throw new UsageError(`region ${hex(address)}:${hex(size)} runs past the end of the ${board.flash.size} flash (${hex(flashBytes(board))})`);
  }
  return { address, size };
}

/** Checked before the board is touched. */
export function checkSectorAligned(region: EraseRegion): void {
  if (region.address % SECTOR !== 0 || region.size % SECTOR !== 0) {
    throw new UsageError(`an erase works on whole 4 KB sectors: ${hex(region.address)}:${hex(region.size)} must be multiples of 0x1000`);
  }
}

/** esptool's erase timeouts: 120 s for the chip, 30 s per MB for a region (loader.py). */
export async function eraseChip(session: FlashSession): Promise<void> {
  await guard(() => session.loader.eraseFlash(), session, 'erasing the flash');
}

export async function eraseRegion(session: FlashSession, region: EraseRegion): Promise<void> {
  checkSectorAligned(region);
  const { loader } = session;
  const payload = Buffer.alloc(8);
  payload.writeUInt32LE(region.address, 0);
  payload.writeUInt32LE(region.size, 4);
  const timeout = Math.max(3000, (30_000 * region.size) / 1e6);
  await guard(() => loader.checkCommand('erase region', loader.ESP_ERASE_REGION, payload, 0, 0, timeout), session, `erasing ${bytes(region.size)} at ${hex(region.address)}`);
}
