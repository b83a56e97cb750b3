// Every regex in the firmware against what Espruino's regex engine does: regex literals, and RegExp built
// from constant text (`new RegExp("a+b", "g")`, `RegExp("...")`). A form the board would run differently
// from Node (or not at all) is refused at file:line:column with a rewrite. What the engine supports is the
// facts module's (core/espruino/regex.ts, checked on the real interpreter; docs/espruino.md).
import ts from 'typescript';
import { findUnsupportedRegex } from '../../core/espruino/facts.ts';
import { displayPath, type BuildDiagnostic } from './diagnostic.ts';
import type { FirmwareProgram } from './typecheck.ts';

export function refuseUnsupportedRegexes(fp: FirmwareProgram, root: string): BuildDiagnostic[] {
  const checker = fp.program.getTypeChecker();
  const out: BuildDiagnostic[] = [];
  for (const sf of fp.sources) {
    const file = displayPath(root, sf.fileName);
    const report = (pos: number, message: string, hint: string): void => {
      const lc = sf.getLineAndCharacterOfPosition(pos);
      out.push({ file, line: lc.line + 1, column: lc.character + 1, message, hint, kind: 'refused' });
    };
    const visit = (node: ts.Node): void => {
      if (ts.isRegularExpressionLiteral(node)) {
        const text = node.text;
        const slash = text.lastIndexOf('/');
        const start = node.getStart(sf);
        for (const p of findUnsupportedRegex(text.slice(1, slash), text.slice(slash + 1), { literal: true })) report(start + 1 + p.offset, p.message, p.hint);
      } else if ((ts.isNewExpression(node) || ts.isCallExpression(node)) && isBuiltinRegExp(node.expression)) {
        const [pattern, flags] = node.arguments ?? [];
        if (pattern && ts.isStringLiteralLike(pattern) && (!flags || ts.isStringLiteralLike(flags))) {
          const start = pattern.getStart(sf);
          // offsets map into the source text only when the string has no escapes
          const raw = sf.text.slice(start + 1, pattern.end - 1);
          for (const p of findUnsupportedRegex(pattern.text, flags?.text ?? '', { literal: false })) {
            report(raw === pattern.text ? start + 1 + p.offset : start, p.message, p.hint);
          }
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return out;

  function isBuiltinRegExp(expr: ts.Expression): boolean {
    if (!ts.isIdentifier(expr) || expr.text !== 'RegExp') return false;
    const decls = checker.getSymbolAtLocation(expr)?.declarations ?? [];
    return decls.length === 0 || decls.every((d) => fp.program.isSourceFileDefaultLibrary(d.getSourceFile()));
  }
}
