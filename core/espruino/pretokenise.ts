// Espruino's pretokenise flag, as the compiler sets it and the trace rewriter recognises it.
//
// With `E.setFlags({pretokenise:1})` set, a function parsed from a string in RAM keeps its code tokenised
// (src/jsparse.c, jspeFunctionDefinitionInternal; src/jslex.c, jslNewTokenisedStringFromLexer): keywords and
// operators are one byte each, whitespace is dropped, integers from -32768 to 32767 are stored as a byte
// code and one or two bytes, and string literals are stored decoded after a length byte. Identifiers, other
// numbers, regex and template literals are kept as written. Code parsed from a string in flash (a Storage
// file evaluated at boot) keeps pointing at the flash instead and is never tokenised.
//
// Positions in such code count tokenised bytes, and a stored integer 10 is a newline byte, so the line and
// column of an error inside a tokenised function, and the caret Espruino draws under its quoted line (it
// expands the keywords back as it prints), do not point at the token that failed
// (src/jslex.c, jslPrintTokenLineMarker).

/** The statement the compiler puts first in the firmware (host/build/prologue.ts). */
export const PRETOKENISE_PROLOGUE = 'E.setFlags({pretokenise:1});';

/** Was this firmware (its text) built with the prologue, so that functions run from RAM are tokenised? */
export function isPretokenised(firmware: string): boolean {
  return firmware.startsWith(PRETOKENISE_PROLOGUE);
}
