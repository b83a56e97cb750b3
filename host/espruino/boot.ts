// Which Storage file the board boots, switching it only once a new one is verified, and rolling a new one
// back when it does not prove itself.
//
// The firmware lives in one of two files, espkit.a and espkit.b. The boot file `.bootcde` (run by
// Espruino at every start; facts/espruino.md: boot order .bootPowerOn, .boot0-3, then .bootrst or
// .bootcde) evaluates the active one. A deploy writes the other file, verifies it, and only then rewrites
// the boot file, so a deploy interrupted at any point leaves the previous firmware booting. `.bootrst`
// would be run instead of `.bootcde`, so it is removed.
//
// Firmware over WiFi (docs/ota.md) adds a trial: the device writes the new image into the inactive slot,
// verifies it and writes a trial record (TRIAL_FILE) without touching the boot file. The boot code then
// boots the record's slot, counting boots, with a deadline; the new firmware confirms (CONFIRM_FUNCTION)
// once it has published its online status, and only then is the boot file rewritten to name the new slot.
// A throw while evaluating it, the deadline, or MAX_TRIAL_BOOTS boots without confirmation switch back:
// the reason goes into ROLLBACK_FILE, the record is erased and the chip reboots into the previous slot,
// whose firmware reports the rollback. The rollback is here and not in the new firmware, so a new
// firmware that cannot even start is still undone.
// Storage names stay within 8 characters, the limit of older Espruino builds.
import { OTA_MAX_TRIAL_BOOTS } from '../../core/wire/ota.ts';

export const SLOTS = ['espkit.a', 'espkit.b'] as const;
export type Slot = (typeof SLOTS)[number];

export const BOOT_FILE = '.bootcde';
/** The armed trial: {"slot","prev","v","boots","trial"} (firmware/src/ota-contract.ts mirrors these names). */
export const TRIAL_FILE = 'espkit.t';
/** Why the last trial was rolled back: {"v","reason"}, reported by the previous firmware on its next connect. */
export const ROLLBACK_FILE = 'espkit.r';
/** The global the boot code defines during a trial; the new firmware calls it once it is online. */
export const CONFIRM_FUNCTION = 'espkitConfirm';
export const MAX_TRIAL_BOOTS = OTA_MAX_TRIAL_BOOTS;

/** The one-line boot file that deploys before the trial boot code wrote; still recognised on old boards. */
export function bootStub(slot: Slot): string {
  return `eval(require("Storage").read(${JSON.stringify(slot)}))`;
}

/**
 * The boot file that runs `slot`, with the trial and rollback rules. The slot's quoted name appears once and
 * first among the slot names, so confirming a trial is one replace of it (the result is again bootCode of
 * the new slot, which deploy recognises). The firmware is evaluated at the top level, as the one-line stub
 * did: Espruino's eval inside a function would make the firmware's variables local to it. Outside a trial
 * it is the plain eval, so an error at boot is reported as Espruino always does (deploy reads it).
 */
export function bootCode(slot: Slot): string {
  const q = JSON.stringify;
  return [
    `var __espkit=(function(S,a){var t=S.readJSON(${q(TRIAL_FILE)},1);`,
    // a record for another active slot or a missing image is stale: boot as usual
    `if(!t||t.prev!=a||!S.read(t.slot))return{s:a};`,
    `var back=function(r){S.writeJSON(${q(ROLLBACK_FILE)},{v:t.v,reason:r});S.erase(${q(TRIAL_FILE)});`,
    `print("espkit ota rolled-back "+t.v+": "+r);E.reboot()};`,
    `if(t.boots>=${MAX_TRIAL_BOOTS}){back("crash loop");return{}}`,
    `t.boots++;S.writeJSON(${q(TRIAL_FILE)},t);`,
    `var w=setTimeout(function(){var i=require("Wifi").getIP().ip;back(i&&i!="0.0.0.0"?"no broker":"no WiFi")},t.trial);`,
    `global.${CONFIRM_FUNCTION}=function(){clearTimeout(w);`,
    `S.erase(${q(TRIAL_FILE)});S.erase(${q(ROLLBACK_FILE)});delete global.${CONFIRM_FUNCTION};`,
    // last: this function's own text is in the boot file, and replacing a Storage file clears every string
    // that points into the old one (jsvUpdateMemoryAddress), so nothing after this write would run.
    // The slot's name is put together here, so the one literal naming it stays the argument at the end.
    `S.write(${q(BOOT_FILE)},S.read(${q(BOOT_FILE)}).replace('"'+a+'"','"'+t.slot+'"'))};`,
    `return{s:t.slot,b:back}})(require("Storage"),${q(slot)});\n`,
    `if(__espkit.b){try{eval(require("Storage").read(__espkit.s))}catch(e){__espkit.b("Uncaught "+e)}}`,
    `else if(__espkit.s)eval(require("Storage").read(__espkit.s));delete __espkit;\n`,
  ].join('');
}

/** Any trial boot code espkit has written, this one or an earlier one: the slot is the argument at the end. */
const TRIAL_BOOT = /^var __espkit=\(function\(S,a\)\{[^\n]*\}\)\(require\("Storage"\),"(espkit\.[ab])"\);\n/;

/** The slot a boot file runs, if it is one espkit wrote (a trial boot code, or an older one-line stub). */
export function activeSlot(file: string | null | undefined): Slot | undefined {
  if (!file) return undefined;
  const text = file.trim();
  const trial = TRIAL_BOOT.exec(file);
  if (trial) return trial[1] as Slot;
  return SLOTS.find((slot) => text === bootStub(slot));
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
