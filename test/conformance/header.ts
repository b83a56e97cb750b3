// What a conformance program declares about itself in its leading comment lines:
//   // refused: <part of the message>   espkit build must refuse it (file:line:column, with what to write instead)
//   // differs: <kind>                  a known difference the compiler cannot see; <kind> is one of KNOWN_DIFFERENCES
// A program with neither must print the same lines in Node and on Espruino.
import { readFileSync } from 'node:fs';

/**
 * The only differences a program may declare: Espruino semantics that no compile-time rewrite can make equal.
 * Everything else found by the suite is a compiler defect (to fix or refuse), never a declaration.
 */
export const KNOWN_DIFFERENCES: Readonly<Record<string, string>> = {
  'key-order': 'integer-like object keys keep insertion order on Espruino (V8 sorts them first)',
  'timer-order': 'setTimeout(f, 0) can run before an already-resolved promise\'s .then on Espruino',
  'json-escape': 'JSON.stringify escapes non-ASCII characters as \\uXXXX on Espruino',
  'date-fraction': 'Date.now() and new Date().getTime() have a fractional part on Espruino',
  'unstable-sort': 'Array.prototype.sort is not stable on Espruino: elements the comparator calls equal can change places',
  'json-undefined': 'JSON.stringify(undefined) is the text "null" and a function (alone or in an array) "undefined" on Espruino (V8 gives undefined, or null in an array)',
};

export type Declaration =
  | { kind: 'same' }
  | { kind: 'refused'; message: string }
  | { kind: 'differs'; difference: string };

/** The declaration at the top of `file` (only the leading block of `//` comment lines is read). */
export function readDeclaration(file: string): Declaration {
  return parseDeclaration(readFileSync(file, 'utf8'), file);
}

export function parseDeclaration(text: string, file = 'program'): Declaration {
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (!trimmed.startsWith('//')) break;
    const m = /^\/\/\s*(refused|differs):\s*(.+?)\s*$/.exec(trimmed);
    if (!m) continue;
    if (m[1] === 'refused') return { kind: 'refused', message: m[2]! };
    if (!(m[2]! in KNOWN_DIFFERENCES)) {
      throw new Error(`${file}: "differs: ${m[2]}" is not a known difference (${Object.keys(KNOWN_DIFFERENCES).join(', ')})`);
    }
    return { kind: 'differs', difference: m[2]! };
  }
  return { kind: 'same' };
}
