// Option handling shared by flash, erase, info and backup (the commands stay thin).
import { UsageError } from '../core/errors.ts';
import type { BoardProfile } from '../core/board.ts';

/**
 * The baud to work at once the stub runs: --baud, or --fast (the profile's maxFlashBaud), or the board's
 * console baud (115200 on the DevBoard: what the ROM itself speaks, so no baud change at all).
 */
export function flashBaud(baud: number | undefined, fast: boolean | undefined, board: BoardProfile): number {
  if (fast && baud !== undefined) throw new UsageError('--fast picks the baud for you; give either --fast or --baud');
  if (fast) return board.maxFlashBaud;
  if (baud !== undefined && baud > board.maxFlashBaud) {
    throw new UsageError(`--baud ${baud} is above what ${board.name} can take (${board.maxFlashBaud}); use --fast for the highest safe rate`);
  }
  return baud ?? board.consoleBaud;
}
