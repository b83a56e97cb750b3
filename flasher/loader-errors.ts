// Loader failures turned into one line for people: a lost link, a board that never answered, a hiccup
// after it had answered (worth starting over), raw status bytes made printable.
import { ESPError, UnexpectedChipMagicError, UnexpectedChipIdError } from 'esptool-js';
import type { Link } from '../core/link.ts';
import type { BoardProfile } from '../core/board.ts';
import { EspkitError } from '../core/errors.ts';
import { LinkLostError } from './web-serial.ts';

export type BeforeMode = 'default-reset' | 'no-reset';

export function connectError(err: unknown, link: Link, board: BoardProfile, before: BeforeMode, attempts: number): Error {
  if (link.destroyed) return new LinkLostError(link);
  if (err instanceof EspkitError) return err;
  if (err instanceof UnexpectedChipMagicError || err instanceof UnexpectedChipIdError) {
    return new EspkitError(`${link.name}: ${(err as Error).message.split('\n')[0]}; the board profile "${board.id}" expects an ${board.chip}`);
  }
  const hint = link.kind === 'socket'
    ? 'socket:// has no reset lines, so the board must already wait in download mode (hold BOOT, press EN)'
    : before === 'no-reset'
      ? 'with --before no-reset the board must already wait in download mode (hold BOOT, press EN)'
      : 'check that this is the board\'s port, or hold BOOT and press EN while espkit connects';
  return new EspkitError(`no answer from the ESP32 ROM loader on ${link.name} after ${attempts} attempts: ${hint}`, { cause: err });
}

/** A loader error after the chip had answered: worth starting the session over. */
export class LoaderHiccup extends EspkitError {}

export function sessionError(err: unknown, link: Link): Error {
  if (link.destroyed) return new LinkLostError(link);
  if (err instanceof EspkitError) return err;
  if (err instanceof ESPError || err instanceof Error) {
    return new LoaderHiccup(`${link.name}: the loader stopped answering (${cleanMessage(err)}); reset the board and run again (if it repeats, the line is noisy: try a lower --baud or another cable)`, { cause: err });
  }
  return new EspkitError(String(err));
}

/** The first line of an error, with the raw status bytes esptool-js sometimes pastes into it made printable. */
export function cleanMessage(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split('\n')[0]!.replace(/[^\x20-\x7e]/g, '?').trim();
}
