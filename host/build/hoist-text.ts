// The minifier is free to move function declarations after other statements (and the helpers go in
// first). Espruino does not hoist (espruino/Espruino issue 274), so in every function body and at the
// top level, function declarations are moved in front of the other statements, in the text itself.
import ts from 'typescript';
import { composePieces, prefixPieces, type Piece } from './source-map.ts';

export function hoistFunctionsInText(code: string, maxPasses = 500): string {
  return hoistFunctionsInTextMapped(code, maxPasses).code;
}

/** The same, also saying which pieces of the result came from where in `code` (for the source map). */
export function hoistFunctionsInTextMapped(code: string, maxPasses = 500): { code: string; pieces: Piece[] } {
  let text = code;
  let pieces = prefixPieces(code.length);
  for (let pass = 0; pass < maxPasses; pass++) {
    const sf = ts.createSourceFile('out.js', text, ts.ScriptTarget.ESNext, true, ts.ScriptKind.JS);
    const list = firstMisordered(sf);
    if (!list) break;
    const next = reorder(text, sf, list);
    text = next.text;
    pieces = composePieces(pieces, next.pieces);
  }
  return { code: text, pieces };
}

function firstMisordered(sf: ts.SourceFile): readonly ts.Statement[] | undefined {
  let found: readonly ts.Statement[] | undefined;
  const check = (statements: readonly ts.Statement[]): boolean => {
    let seenOther = false;
    for (const s of statements) {
      if (!seenOther && ts.isExpressionStatement(s) && ts.isStringLiteral(s.expression)) continue;
      if (ts.isFunctionDeclaration(s)) {
        if (seenOther) return true;
      } else seenOther = true;
    }
    return false;
  };
  const walk = (n: ts.Node): void => {
    if (found) return;
    if (ts.isSourceFile(n) && check(n.statements)) found = n.statements;
    else if (ts.isFunctionLike(n) && 'body' in n && n.body && ts.isBlock(n.body as ts.Node) && check((n.body as ts.Block).statements)) found = (n.body as ts.Block).statements;
    if (!found) ts.forEachChild(n, walk);
  };
  walk(sf);
  return found;
}

function reorder(text: string, sf: ts.SourceFile, statements: readonly ts.Statement[]): { text: string; pieces: Piece[] } {
  let d = 0;
  while (d < statements.length && ts.isExpressionStatement(statements[d]!) && ts.isStringLiteral((statements[d] as ts.ExpressionStatement).expression)) d++;
  const rest = statements.slice(d);
  const ordered = [...rest.filter(ts.isFunctionDeclaration), ...rest.filter((s) => !ts.isFunctionDeclaration(s))];
  const parts = ordered.map((s, i) => {
    const t = text.slice(s.getStart(sf), s.end);
    const needsSemicolon = i < ordered.length - 1 && !ts.isFunctionDeclaration(s) && !/[;}]$/.test(t);
    return needsSemicolon ? `${t};` : t;
  });
  const start = rest[0]!.getStart(sf);
  const end = rest[rest.length - 1]!.end;
  // minified code stays on one line; readable code keeps a statement per line
  const separator = text.slice(start, end).includes('\n') ? '\n' : '';
  const pieces: Piece[] = [{ outStart: 0, inStart: 0, length: start }];
  let at = start;
  ordered.forEach((s, i) => {
    const from = s.getStart(sf);
    pieces.push({ outStart: at, inStart: from, length: s.end - from });
    at += parts[i]!.length + (i < ordered.length - 1 ? separator.length : 0);
  });
  pieces.push({ outStart: at, inStart: end, length: text.length - end });
  return { text: text.slice(0, start) + parts.join(separator) + text.slice(end), pieces };
}
