// The statement put first in the emitted firmware, on its first line (so a one-line firmware stays one
// line): `E.setFlags({pretokenise:1})`. Espruino keeps the text of every function it can still reach; with
// the flag set, a function parsed from RAM keeps it tokenised, which takes about a tenth less of the board's
// variables for the firmware (core/espruino/pretokenise.ts says what changes). The flag acts only on code
// parsed after it is set, so it must come before everything: the compiler moves function declarations in
// front of every other statement, and the firmware cannot set it early enough itself. Firmware booted from a
// Storage file keeps its function text in flash and is not affected.
import { PRETOKENISE_PROLOGUE } from '../../core/espruino/pretokenise.ts';
import { type Piece } from './source-map.ts';

export { PRETOKENISE_PROLOGUE };

/** `code` with the prologue in front, and the piece of it that is `code` unchanged (for the source map). */
export function withPretokenisePrologue(code: string): { code: string; pieces: Piece[] } {
  return {
    code: PRETOKENISE_PROLOGUE + code,
    pieces: code.length > 0 ? [{ outStart: PRETOKENISE_PROLOGUE.length, inStart: 0, length: code.length }] : [],
  };
}
