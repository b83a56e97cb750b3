// Which Espruino a board runs, asked over its console right after a reset into the application: the boot
// banner names the version, and the REPL's process.version confirms that the interpreter also answers.
import type { Link } from '../../core/link.ts';
import { EspruinoRepl } from './repl.ts';

const BANNER = /^\s*(\d+v\d+(?:\.\d+)?) \(c\)/;

export interface EspruinoVersion {
  /** process.version of the Espruino the board boots, when it answered. */
  espruino?: string;
  /** Why there is no version, or where it came from when the console did not answer. */
  espruinoNote?: string;
}

/** Asks the freshly reset board for its Espruino version; never throws (a silent board is a note). */
export async function askEspruinoVersion(link: Link, timeoutMs = 8000): Promise<EspruinoVersion> {
  const repl = new EspruinoRepl(link);
  try {
    // Espruino prints its banner when it boots (" 2v29 (c) 2021 G.Williams"): once it is there the
    // interpreter listens, so the prompt below answers at its first try instead of after a timeout.
    const banner = await repl.waitForLine((l) => BANNER.test(l), 3000, 'waiting for the Espruino banner').catch(() => undefined);
    try {
      await repl.prompt(timeoutMs);
      return { espruino: await repl.evaluate<string>('process.version', { timeoutMs: 3000, what: 'asking for the Espruino version' }) };
    } catch (err) {
      if (!banner) throw err;
      return { espruino: BANNER.exec(banner)![1], espruinoNote: 'from its boot banner (the console did not answer)' };
    }
  } catch {
    return { espruinoNote: 'no Espruino answered after the reset (flash it with espkit flash)' };
  } finally {
    repl.detach();
  }
}
