// Built-ins that exist on Espruino but behave differently for some arguments or uses, refused where the
// TypeScript types show the case (core/espruino/differences.ts has each measured on the real interpreter):
//   arr.length = n                  throws TypeError "Assignment to a constant" on the board
//   str.split(sep, limit)           the limit is ignored: every piece comes back
//   JSON.stringify(x, replacer)     the replacer is ignored
//   JSON.stringify(x, null, indent) the layout differs (spaces after brackets)
import ts from 'typescript';
import { displayPath, type BuildDiagnostic } from './diagnostic.ts';
import type { FirmwareProgram } from './typecheck.ts';

export function refuseDifferingArguments(fp: FirmwareProgram, root: string): BuildDiagnostic[] {
  const checker = fp.program.getTypeChecker();
  const out: BuildDiagnostic[] = [];
  const isBuiltin = (symbol: ts.Symbol | undefined): boolean =>
    !!symbol?.declarations?.length && symbol.declarations.every((d) => fp.program.isSourceFileDefaultLibrary(d.getSourceFile()));
  const isArray = (t: ts.Type): boolean => checker.isArrayType(t) || checker.isTupleType(t) || (t.isUnion() && t.types.some(isArray));
  const isString = (t: ts.Type): boolean => !!(t.flags & ts.TypeFlags.StringLike) || (t.isUnion() && t.types.some(isString));
  const isNullish = (e: ts.Expression): boolean => e.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(e) && e.text === 'undefined');

  for (const sf of fp.sources) {
    const file = displayPath(root, sf.fileName);
    const refuse = (node: ts.Node, message: string, hint: string): void => {
      const lc = sf.getLineAndCharacterOfPosition(node.getStart(sf));
      out.push({ file, line: lc.line + 1, column: lc.character + 1, message, hint, kind: 'refused' });
    };
    const visit = (node: ts.Node): void => {
      // arr.length = n, arr.length += n, arr.length--
      const target = ts.isBinaryExpression(node) && node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && node.operatorToken.kind <= ts.SyntaxKind.LastAssignment
        ? node.left
        : (ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) && (node.operator === ts.SyntaxKind.PlusPlusToken || node.operator === ts.SyntaxKind.MinusMinusToken)
          ? node.operand
          : undefined;
      if (target && ts.isPropertyAccessExpression(target) && target.name.text === 'length' && isArray(checker.getTypeAtLocation(target.expression))) {
        refuse(target.name, 'assigning an array\'s length throws on Espruino (TypeError: Assignment to a constant)', 'truncate with arr.splice(n), empty it with arr.splice(0)');
      }
      if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
        const callee = node.expression;
        const method = callee.name.text;
        if (method === 'split' && node.arguments.length >= 2 && isString(checker.getTypeAtLocation(callee.expression))) {
          refuse(node.arguments[1]!, 'split\'s limit argument is ignored by Espruino (every piece comes back)', 'split, then keep the first pieces: s.split(sep).slice(0, limit)');
        }
        if (method === 'stringify' && ts.isIdentifier(callee.expression) && callee.expression.text === 'JSON' && isBuiltin(checker.getSymbolAtLocation(callee.expression))) {
          const [, replacer, indent] = node.arguments;
          if (replacer && !isNullish(replacer)) refuse(replacer, 'JSON.stringify\'s replacer is ignored by Espruino', 'build the object to send first (pick or convert its fields), then JSON.stringify(it)');
          if (indent && !isNullish(indent)) refuse(indent, 'JSON.stringify with an indent lays the text out differently on Espruino', 'send JSON.stringify(x) without an indent; format it on the host if people read it');
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return out;
}
