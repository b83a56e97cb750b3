// Unary + on a value that can be text: Espruino does not trim whitespace and reads a leading 0 as octal
// (`+" 42 "` is NaN, `+"012"` is 10; core/espruino/differences.ts). Only the type checker knows which
// operands can be text, so this runs on the TypeScript sources before bundling: `+x` becomes `Number(x)`,
// which lower/number-semantics.ts then turns into the helper with JavaScript's rules. + on numbers, dates
// and booleans stays as written. The rewritten file carries an inline source map back to the original, which
// esbuild follows, so positions in the firmware's map still point at what the user wrote.
import ts from 'typescript';
import { GenMapping, maybeAddMapping, setSourceContent, toEncodedMap } from '@jridgewell/gen-mapping';
import { applyEdits, LineIndex, pieceInput, piecesOfEdits, tokenStarts, type TextEdit } from './source-map.ts';
import type { FirmwareProgram } from './typecheck.ts';

/** The firmware files that had unary + on text, by absolute path, with their rewritten text. */
export function rewriteUnaryPlusOnText(fp: FirmwareProgram): Map<string, string> {
  const checker = fp.program.getTypeChecker();
  const canBeText = (t: ts.Type): boolean => {
    if (t.flags & (ts.TypeFlags.StringLike | ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return true;
    if (t.isUnion() || t.isIntersection()) return t.types.some(canBeText);
    if (t.isTypeParameter()) {
      const c = checker.getBaseConstraintOfType(t);
      return c ? canBeText(c) : true;
    }
    return false;
  };
  const out = new Map<string, string>();
  for (const sf of fp.sources) {
    const edits: TextEdit[] = [];
    const visit = (node: ts.Node): void => {
      if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.PlusToken && canBeText(checker.getTypeAtLocation(node.operand))) {
        const plus = node.getStart(sf);
        // `return+x` must not become `returnNumber(x)`
        const glue = /[\w$]/.test(sf.text.charAt(plus - 1)) ? ' ' : '';
        edits.push({ start: plus, end: plus + 1, text: `${glue}Number(` }, { start: node.end, end: node.end, text: ')' });
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
    if (edits.length > 0) out.set(sf.fileName, withEdits(sf.fileName, sf.text, edits));
  }
  return out;
}

/** `text` with the edits made, ending in an inline source map that leads every token back to `text`. */
function withEdits(fileName: string, text: string, edits: TextEdit[]): string {
  // applyEdits sorts stably: a `)` closing an inner + stays before the one closing the outer + at the same place
  const code = applyEdits(text, edits);
  const pieces = piecesOfEdits(text.length, edits);
  const from = new LineIndex(text);
  const to = new LineIndex(code);
  const map = new GenMapping({ file: fileName });
  setSourceContent(map, fileName, text);
  for (const outAt of tokenStarts(code, fileName)) {
    const inAt = pieceInput(pieces, outAt);
    if (inAt === undefined) continue;
    const g = to.position(outAt);
    const o = from.position(inAt);
    maybeAddMapping(map, { generated: { line: g.line, column: g.column }, source: fileName, original: { line: o.line, column: o.column } });
  }
  const json = JSON.stringify(toEncodedMap(map));
  return `${code}\n//# sourceMappingURL=data:application/json;base64,${Buffer.from(json).toString('base64')}\n`;
}
