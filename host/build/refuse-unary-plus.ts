// Unary + on a value that can be a string: Espruino does not trim whitespace and reads a leading 0 as octal
// (`+" 42 "` is NaN, `+"012"` is 10; docs/espruino.md). `Number(x)` is lowered to a helper with JavaScript's
// rules (lower/number-semantics.ts), so the fix is to write that; + on numbers, dates and booleans stays.
import ts from 'typescript';
import { displayPath, type BuildDiagnostic } from './diagnostic.ts';
import type { FirmwareProgram } from './typecheck.ts';

export function refuseUnaryPlusOnText(fp: FirmwareProgram, root: string): BuildDiagnostic[] {
  const checker = fp.program.getTypeChecker();
  const out: BuildDiagnostic[] = [];
  const canBeText = (t: ts.Type): boolean => {
    if (t.flags & (ts.TypeFlags.StringLike | ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return true;
    if (t.isUnion()) return t.types.some(canBeText);
    if (t.isTypeParameter()) {
      const c = checker.getBaseConstraintOfType(t);
      return c ? canBeText(c) : true;
    }
    return false;
  };
  for (const sf of fp.sources) {
    const visit = (node: ts.Node): void => {
      if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.PlusToken && canBeText(checker.getTypeAtLocation(node.operand))) {
        const lc = sf.getLineAndCharacterOfPosition(node.getStart(sf));
        out.push({
          file: displayPath(root, sf.fileName), line: lc.line + 1, column: lc.character + 1, kind: 'refused',
          message: 'unary + on text gives NaN for " 42 " and reads "012" as octal on Espruino',
          hint: 'write Number(x): the compiler makes it behave as in JavaScript',
        });
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return out;
}
