// The minifier names variables from short letter pairs, and `of` is one: fine in JavaScript, a keyword
// to Espruino's lexer (src/jslex.c). Rename such identifiers in the minified text to a name the code
// does not use.
import ts from 'typescript';
import { ESPRUINO_ONLY_RESERVED } from '../../core/espruino/facts.ts';
import { piecesOfEdits, prefixPieces, type Piece } from './source-map.ts';

export function renameEspruinoKeywords(code: string): string {
  return renameEspruinoKeywordsMapped(code).code;
}

/** The same, also saying which pieces of the result came from where in `code` (for the source map). */
export function renameEspruinoKeywordsMapped(code: string): { code: string; pieces: Piece[] } {
  const sf = ts.createSourceFile('min.js', code, ts.ScriptTarget.ESNext, true, ts.ScriptKind.JS);
  const edits: Array<{ start: number; end: number; text: string }> = [];
  const replacement = new Map<string, string>();
  const fresh = (name: string): string => {
    let r = replacement.get(name);
    if (!r) {
      let i = 0;
      do r = `${name}$${i++ || ''}`; while (code.includes(r));
      replacement.set(name, r);
    }
    return r;
  };
  const walk = (n: ts.Node): void => {
    if (ts.isIdentifier(n) && ESPRUINO_ONLY_RESERVED.has(n.text) && n.text !== 'undefined') {
      const p = n.parent;
      const isPropertyName = (ts.isPropertyAccessExpression(p) && p.name === n)
        || ((ts.isPropertyAssignment(p) || ts.isMethodDeclaration(p) || ts.isGetAccessor(p) || ts.isSetAccessor(p)) && p.name === n);
      if (!isPropertyName) {
        const start = n.getStart(sf);
        const text = ts.isShorthandPropertyAssignment(p) ? `${n.text}:${fresh(n.text)}` : fresh(n.text);
        edits.push({ start, end: n.end, text });
      }
    }
    ts.forEachChild(n, walk);
  };
  walk(sf);
  if (edits.length === 0) return { code, pieces: prefixPieces(code.length) };
  edits.sort((a, b) => b.start - a.start);
  let out = code;
  for (const e of edits) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return { code: out, pieces: piecesOfEdits(code.length, edits) };
}
