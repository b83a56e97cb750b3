// Resetting the DevKit through its auto-reset circuit: RTS drives EN (reset), DTR drives GPIO0 (boot strap).
// Both lines are always set together (node-serialport defaults the one not named).
// Sequences: esptool's reset.py (HardReset: EN low 100 ms; ClassicReset: EN low 100 ms, then EN high with
// GPIO0 low, 50 ms, GPIO0 high) and /work/shared/facts/esp32-serial.md.
// These belong with the flasher's reset styles once flasher/ has them; until then they live here, once.
import { setTimeout as sleep } from 'node:timers/promises';
import { EspkitError } from '../errors.ts';
import type { Link } from '../link/index.ts';

export type ResetTarget = 'app' | 'download';

/** Throws a clear error for links without modem lines. */
export function assertCanReset(link: Link): void {
  if (link.kind === 'socket') {
    throw new EspkitError(`${link.name} is a raw socket with no DTR/RTS lines, so the board cannot be reset from here; use rfc2217:// or a serial port`);
  }
}

/** Pulse EN with GPIO0 high: the chip restarts and boots the application from flash. */
export async function resetIntoApp(link: Link): Promise<void> {
  assertCanReset(link);
  await link.setSignals({ dtr: false, rts: true }); // EN low: chip held in reset
  await sleep(100);
  await link.setSignals({ dtr: false, rts: false }); // EN high: it runs
}

/** Pulse EN while GPIO0 is held low: the ROM stays in download mode ("waiting for download"). */
export async function resetIntoDownload(link: Link): Promise<void> {
  assertCanReset(link);
  await link.setSignals({ dtr: false, rts: true }); // EN low, GPIO0 high
  await sleep(100);
  await link.setSignals({ dtr: true, rts: false }); // EN high with GPIO0 low: the ROM samples the strap
  await sleep(50);
  await link.setSignals({ dtr: false, rts: false }); // release GPIO0
}

export function resetBoard(link: Link, target: ResetTarget): Promise<void> {
  return target === 'app' ? resetIntoApp(link) : resetIntoDownload(link);
}
