// The virtual DevBoard's programmatic API: start one or many boards in this process.
//
//   const board = await startBoard({ pacing: false, boot: 'download' });
//   const link = await openLink(board.ports.socket);          // or board.ports.rfc2217 with the reset circuit
//   ...
//   await link.close(); await board.close();
//
// A board has a file-backed 4 MB flash (a fresh temporary file unless `flashFile` is given; a given file is kept
// across restarts), an eFuse MAC (stored beside the flash file, or given), the device id derived from it,
// endpoints socket://127.0.0.1:P and rfc2217://127.0.0.1:P (and a pseudo-terminal with `pty: true`), pacing at
// the baud (default on), fault controls, an event stream (`board.onEvent`, `formatEventLine` for JSON lines),
// and close().
import { extname } from 'node:path';
import { loadBoard, type BoardProfile } from '../core/board.ts';
import { EspkitError } from '../core/errors.ts';
import type { AccessPoint } from './espruino/options.ts';
import { VirtualBoard, type BoardOptions, type StampedEvent } from './board.ts';

export { VirtualBoard, removeFlashFile } from './board.ts';
export type { BoardPorts, BootMode, ChipState, StampedEvent } from './board.ts';
export type { LineFaults, FaultDirection, LostPackets } from './seam/faults.ts';
export type { BoardEvent, ProgramFault } from './seam/personality.ts';
export { deviceIdFromMac, formatMac, parseMac } from './identity.ts';
export { installPlaceholderFirmware, placeholderImages } from './boot/placeholder-images.ts';
export { socatAvailable } from './endpoints/pty-endpoint.ts';

export interface StartBoardOptions extends Omit<BoardOptions, 'profile'> {
  /** Board profile id or file (default esp32-devkit), or a loaded profile. */
  board?: string | BoardProfile;
  /** The simulated access point Espruino can join (shortcut for application.ap). */
  ap?: AccessPoint;
}

/** Start one virtual board. Close it with `board.close()`. */
export async function startBoard(options: StartBoardOptions = {}): Promise<VirtualBoard> {
  const { board, ap, ...rest } = options;
  const profile = typeof board === 'object' ? board : loadBoard(board);
  const application = ap ? { ...rest.application, ap } : rest.application;
  return VirtualBoard.start({ ...rest, profile, ...(application ? { application } : {}) });
}

/** `dir/board.bin` -> `dir/board-2.bin` for the second of several boards. */
export function numberedFlashFile(flashFile: string, index: number): string {
  const ext = extname(flashFile);
  return `${flashFile.slice(0, flashFile.length - ext.length)}-${index + 1}${ext}`;
}

/**
 * Start `count` boards with the same options. With a `flashFile`, board i uses that name numbered from 1
 * (board-1.bin, board-2.bin...); given ports are a base: board i listens on port + i.
 */
export async function startBoards(count: number, options: StartBoardOptions = {}): Promise<VirtualBoard[]> {
  if (!Number.isInteger(count) || count < 1) throw new EspkitError(`a board count is a whole number from 1 up, got ${count}`, { code: 2 });
  if (count > 1 && options.mac !== undefined) throw new EspkitError('a fixed MAC cannot be given to several boards: leave it out (each board gets its own)', { code: 2 });
  if (count > 1 && typeof options.pty === 'string') throw new EspkitError('a fixed pty path cannot be shared by several boards: use pty: true', { code: 2 });
  const boards: VirtualBoard[] = [];
  try {
    for (let i = 0; i < count; i++) {
      boards.push(await startBoard({
        ...options,
        ...(options.flashFile && count > 1 ? { flashFile: numberedFlashFile(options.flashFile, i) } : {}),
        ...(options.socketPort ? { socketPort: options.socketPort + i } : {}),
        ...(options.rfc2217Port ? { rfc2217Port: options.rfc2217Port + i } : {}),
      }));
    }
  } catch (err) {
    await Promise.all(boards.map((b) => b.close()));
    throw err;
  }
  return boards;
}

/** One event as a JSON line (for `espkit sim --json` and logs). */
export function formatEventLine(event: StampedEvent): string {
  return `${JSON.stringify(event)}\n`;
}
