// Espruino reads decimal text digit by digit (src/jsutils.c, stringToFloatWithRadix at RELEASE_2V29): the
// integer digits are accumulated, each fraction digit is added times a running multiplier that is divided
// by ten per digit, and an exponent is applied by repeated multiplication or division by ten. That is not
// correctly rounded: `0.3` becomes 0.30000000000000004 on the board, so `0.1 + 0.2 === 0.3` is true there.
// The minifier also folds `9995 / 1000` into `9.995`, which the board then misreads.
// Every decimal literal the board would read as a different double is rewritten as a division of two
// integers it reads exactly (IEEE division is correctly rounded): `0.3` -> `(3/10)`.
import ts from 'typescript';
import { applyEdits, piecesOfEdits, prefixPieces, type Piece, type SourceTrail } from './source-map.ts';

/** The double Espruino 2v29 makes of a decimal literal's text (digits, optional fraction and exponent). */
export function espruinoReadsDecimal(text: string): number {
  const m = /^(\d*)(?:\.(\d*))?(?:[eE]([+-]?)(\d+))?$/.exec(text);
  if (!m) return Number.NaN;
  let v = 0;
  for (const ch of m[1]!) v = v * 10 + Number(ch);
  let mul = 0.1;
  for (const ch of m[2] ?? '') {
    v += mul * Number(ch);
    mul /= 10;
  }
  let e = m[4] ? Number(m[4]) : 0;
  if (m[3] === '-') e = -e;
  for (; e > 0; e--) v *= 10;
  for (; e < 0; e++) v /= 10;
  return v;
}

/** Text the board reads as exactly `value`, from the literal's digits: an integer, or `(M/10...0)`; undefined if none. */
export function exactText(literal: string, value: number): string | undefined {
  for (const text of [literal, String(value)]) {
    const m = /^(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
    if (!m) continue;
    const digits = `${m[1]}${m[2] ?? ''}`.replace(/^0+(?=\d)/, '');
    const scale = (m[2] ?? '').length - (m[3] ? Number(m[3]) : 0);
    const mantissa = Number(digits);
    if (!(mantissa < 2 ** 53)) continue;
    if (scale <= 0) {
      const whole = `${digits}${'0'.repeat(-scale)}`;
      if (Number(whole) < 2 ** 53 && espruinoReadsDecimal(whole) === value) return whole;
      continue;
    }
    if (scale > 22) continue;
    const divisor = scale <= 15 ? `1${'0'.repeat(scale)}` : `1e${scale}`;
    if (espruinoReadsDecimal(digits) / espruinoReadsDecimal(divisor) === value) return `(${digits}/${divisor})`;
  }
  return undefined;
}

/** Rewrite the decimal literals of `code` that Espruino would misread, with the map pieces. */
export function exactDecimalLiteralsMapped(code: string): { code: string; pieces: Piece[] } {
  const sf = ts.createSourceFile('out.js', code, ts.ScriptTarget.ESNext, true, ts.ScriptKind.JS);
  const edits: Array<{ start: number; end: number; text: string }> = [];
  const walk = (n: ts.Node): void => {
    if (ts.isNumericLiteral(n)) {
      const start = n.getStart(sf);
      const raw = code.slice(start, n.end);
      const value = Number(raw);
      if (/^[\d.]/.test(raw) && !/^0[xXbBoO]/.test(raw) && espruinoReadsDecimal(raw) !== value) {
        const text = exactText(raw, value);
        if (text) edits.push({ start, end: n.end, text });
      }
    }
    ts.forEachChild(n, walk);
  };
  walk(sf);
  if (edits.length === 0) return { code, pieces: prefixPieces(code.length) };
  return { code: applyEdits(code, edits), pieces: piecesOfEdits(code.length, edits) };
}

/** The same as a recorded build step (the source map follows the edits). */
export function recordExactLiterals(code: string, trail: SourceTrail): string {
  const exact = exactDecimalLiteralsMapped(code);
  trail.edited(exact.code, exact.pieces);
  return exact.code;
}
