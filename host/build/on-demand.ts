// A part of the firmware made only when the firmware needs it (firmware/src/on-demand.ts, the OTA client):
// compiled on its own and carried at the end of the firmware file inside a block comment. Espruino's lexer skips
// a comment without keeping any of it, so the part costs no JsVars at boot and is not counted in the budget; the
// firmware finds it after the marker in its own Storage file and evaluates it. One file keeps the firmware and
// its part together, through deploy and through an OTA image alike.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { EspkitError } from '../../core/errors.ts';

/** Opens the comment (firmware/src/on-demand-contract.ts has the same). */
export const ON_DEMAND_MARK = '/*espkit on-demand\n';
/** Closes it; the firmware reads the part up to these 3 bytes before the end of the file. */
export const ON_DEMAND_END = '*/\n';
/** Built and carried when it exists beside the default entry. */
export const ON_DEMAND_ENTRY = 'firmware/src/on-demand.ts';

/** The on-demand entry to build with `entry`, if any: only the default entry has one. */
export function onDemandEntry(root: string, entry: string, asked: string | false | undefined): string | undefined {
  if (asked === false) return undefined;
  if (asked !== undefined) return resolve(root, asked);
  const fallback = resolve(root, ON_DEMAND_ENTRY);
  return entry === resolve(root, 'firmware/src/main.ts') && existsSync(fallback) ? fallback : undefined;
}

/** `code` with the compiled part after it, in the comment the boot skips. */
export function carryOnDemand(code: string, part: string): string {
  // a "*/" inside would end the comment early and the rest would run at boot
  if (part.includes('*/')) throw new EspkitError('the on-demand part\'s compiled code contains "*/", which would end the comment that carries it: write that text differently');
  return `${code.trimEnd()}\n${ON_DEMAND_MARK}${part.trimEnd()}\n${ON_DEMAND_END}`;
}
