// Which Storage file the board boots, and switching it only once a new one is verified.
//
// The firmware lives in one of two files, espkit.a and espkit.b. The boot file `.bootcde` (run by
// Espruino at every start; facts/espruino.md: boot order .bootPowerOn, .boot0-3, then .bootrst or
// .bootcde) is a one-line stub that evaluates the active one. A deploy writes the other file, verifies
// it, and only then rewrites the stub, so a deploy interrupted at any point leaves the previous firmware
// booting. `.bootrst` would be run instead of `.bootcde`, so it is removed.
// Storage names stay within 8 characters, the limit of older Espruino builds.

export const SLOTS = ['espkit.a', 'espkit.b'] as const;
export type Slot = (typeof SLOTS)[number];

export const BOOT_FILE = '.bootcde';

/** The boot stub that runs `slot`. */
export function bootStub(slot: Slot): string {
  return `eval(require("Storage").read(${JSON.stringify(slot)}))`;
}

/** The slot a boot file runs, if it is one of our stubs. */
export function activeSlot(bootCode: string | null | undefined): Slot | undefined {
  if (!bootCode) return undefined;
  return SLOTS.find((slot) => bootCode.trim() === bootStub(slot));
}

/** Where the next firmware goes: the slot that is not booting. */
export function nextSlot(active: Slot | undefined): Slot {
  return active === 'espkit.a' ? 'espkit.b' : 'espkit.a';
}

/** The firmware's "running" line: `espkit ready <device id> <firmware version>` (firmware/src/main.ts). */
export const READY_LINE = /espkit ready (\S+) (\S+)/;

/** A console line without its terminal escapes (Espruino redraws the prompt with "\r ESC [J"). */
export function plainLine(line: string): string {
  return line.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
}

/** Espruino's report of code that stopped on an error ("Uncaught Error: ..."), after any prompt. */
export function isUncaught(line: string): boolean {
  return /^[>\s]*Uncaught /.test(plainLine(line));
}
