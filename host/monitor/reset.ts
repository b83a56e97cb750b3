// Resetting the board from the monitor (--reset, Ctrl-T Ctrl-R, Ctrl-T Ctrl-P). The sequences themselves are
// the flasher's reset pieces (flasher/reset.ts, after esptool's reset.py); this only picks one and refuses,
// with a clear line, on links that have no modem lines to drive EN and GPIO0.
import { EspkitError } from '../../core/errors.ts';
import type { Link } from '../link/index.ts';
import { ClassicReset, HardReset } from '../../flasher/reset.ts';

export type ResetTarget = 'app' | 'download';

/** Throws a clear error for links without modem lines. */
export function assertCanReset(link: Link): void {
  if (link.kind === 'socket') {
    throw new EspkitError(`${link.name} is a raw socket with no DTR/RTS lines, so the board cannot be reset from here; use rfc2217:// or a serial port`);
  }
}

/** Into the application (an EN pulse with GPIO0 high) or into the ROM's download mode (GPIO0 held low). */
export async function resetBoard(link: Link, target: ResetTarget): Promise<void> {
  assertCanReset(link);
  await (target === 'app' ? new HardReset(link) : new ClassicReset(link)).reset();
}
