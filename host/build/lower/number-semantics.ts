// Built-ins whose results differ on Espruino and that a small helper makes equal to JavaScript's
// (core/espruino/differences.ts, checked on the real interpreter; docs/espruino.md):
//   Math.round(x)    -> __round(x)          Espruino rounds -2.5 to -3 and overflows beyond 2^63
//   Number(x)        -> __num(x)            Espruino does not trim whitespace and reads "012" as octal
//   parseFloat(x)    -> __num(x, 1)         Espruino reads 0x/0b/0o prefixes and "e3" as 0
//   parseInt(x, r)   -> __parseInt(x, r)    Espruino gives 0 for a signed hex number ("-0x1f") and takes radix 37
//   Date.now()       -> Math.floor(Date.now())   Espruino's has a fractional part
// The same built-ins used as values (`temps.map(Math.round)`, `const now = Date.now`) become the helper, or
// a one-argument wrapper where the helper takes a second argument the caller would fill (map passes the index).
// Unary + on a value that can be text becomes Number(x) before bundling (unary-plus.ts), so it lands here too.
import ts from 'typescript';
import type { Helpers, HelperName } from './helpers.ts';

/** parseInt with a literal radix that cannot take a 0x prefix gives JavaScript's result on the board. */
function safeRadix(arg: ts.Expression | undefined): boolean {
  return !!arg && ts.isNumericLiteral(arg) && Number(arg.text) >= 2 && Number(arg.text) <= 36 && Number(arg.text) !== 16;
}

export function lowerNumberSemantics(helpers: Helpers): ts.TransformerFactory<ts.SourceFile> {
  return (context) => {
    const f = context.factory;
    const isGlobal = (e: ts.Node, name: string): boolean => ts.isIdentifier(e) && e.text === name;
    const isMember = (e: ts.Node, owner: string, name: string): boolean =>
      ts.isPropertyAccessExpression(e) && isGlobal(e.expression, owner) && e.name.text === name;
    /** The helper that stands for a built-in used as a value, if it is one of the lowered ones. */
    const valueHelper = (e: ts.Node): HelperName | undefined => {
      if (isMember(e, 'Math', 'round')) return '__round';
      if (isMember(e, 'Date', 'now')) return '__now';
      if (isGlobal(e, 'Number')) return '__number';
      if (isGlobal(e, 'parseFloat')) return '__parseFloat';
      if (isGlobal(e, 'parseInt')) return '__parseInt';
      return undefined;
    };
    /** Is `node` read as a plain value here (not called, constructed, assigned, a property's owner or name)? */
    const readAsValue = (node: ts.Node, p: ts.Node): boolean => {
      if (ts.isCallExpression(p) && p.expression === node) return false;
      if (ts.isNewExpression(p) && p.expression === node) return false;
      if (ts.isPropertyAccessExpression(p) && p.name === node) return false;
      if ((ts.isPropertyAccessExpression(p) || ts.isElementAccessExpression(p)) && p.expression === node) return false;
      if (ts.isBinaryExpression(p) && (p.operatorToken.kind === ts.SyntaxKind.InstanceOfKeyword
        || (p.left === node && p.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && p.operatorToken.kind <= ts.SyntaxKind.LastAssignment))) return false;
      if (ts.isTypeOfExpression(p) || ts.isDeleteExpression(p)) return false;
      if (ts.isPropertyAssignment(p) && p.name === node) return false;
      if (ts.isShorthandPropertyAssignment(p) || ts.isBindingElement(p) || ts.isParameter(p)) return false;
      if ((ts.isVariableDeclaration(p) || ts.isFunctionDeclaration(p) || ts.isFunctionExpression(p) || ts.isClassLike(p)) && p.name === node) return false;
      if (ts.isExportSpecifier(p) || ts.isImportSpecifier(p) || ts.isLabeledStatement(p) || ts.isBreakOrContinueStatement(p)) return false;
      return ts.isExpression(p) || ts.isVariableDeclaration(p) || ts.isPropertyAssignment(p) || ts.isReturnStatement(p) || ts.isExpressionStatement(p) || ts.isArrayLiteralExpression(p) || ts.isSpreadElement(p);
    };
    // the parent is passed down: nodes made by earlier passes have no .parent
    const visit = (node: ts.Node, parent: ts.Node): ts.Node => {
      const asValue = (ts.isIdentifier(node) || ts.isPropertyAccessExpression(node)) && readAsValue(node, parent) ? valueHelper(node) : undefined;
      if (asValue) return ts.setTextRange(helpers.use(asValue), node);
      const out = ts.visitEachChild(node, (child) => visit(child, node), context);
      if (!ts.isCallExpression(out)) return out;
      const callee = out.expression;
      const args = out.arguments;
      if (args.some(ts.isSpreadElement)) return out;
      // the helper call keeps the call's place, so the firmware's source map has a position for it
      const call = (helper: HelperName, callArgs: ts.Expression[]): ts.Expression => ts.setTextRange(f.createCallExpression(helpers.use(helper), undefined, callArgs), node);
      if (isMember(callee, 'Math', 'round') && args.length === 1) return call('__round', [args[0]!]);
      if (isGlobal(callee, 'Number') && args.length === 1) return call('__num', [args[0]!]);
      if (isGlobal(callee, 'parseFloat') && args.length === 1) return call('__num', [args[0]!, f.createNumericLiteral(1)]);
      if (isGlobal(callee, 'parseInt') && args.length >= 1 && args.length <= 2 && !safeRadix(args[1])) return call('__parseInt', [...args]);
      if (isMember(callee, 'Date', 'now') && args.length === 0) {
        return ts.setTextRange(f.createCallExpression(f.createPropertyAccessExpression(f.createIdentifier('Math'), 'floor'), undefined, [out]), node);
      }
      return out;
    };
    return (sf) => ts.visitEachChild(sf, (child) => visit(child, sf), context);
  };
}
