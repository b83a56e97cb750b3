// Built-ins whose results differ on Espruino and that a small helper makes equal to JavaScript's
// (core/espruino/differences.ts, checked on the real interpreter; docs/espruino.md):
//   Math.round(x)   -> __round(x)          Espruino rounds -2.5 to -3 and overflows beyond 2^63
//   Number(x)       -> __num(x)            Espruino does not trim whitespace and reads "012" as octal
//   parseFloat(x)   -> __num(x, 1)         Espruino reads 0x/0b/0o prefixes and "e3" as 0
//   Date.now()      -> Math.floor(Date.now())   Espruino's has a fractional part
// Unary + on a value that can be a string is refused before bundling (refuse.ts), with Number(x) as the fix.
import ts from 'typescript';
import type { Helpers } from './helpers.ts';

export function lowerNumberSemantics(helpers: Helpers): ts.TransformerFactory<ts.SourceFile> {
  return (context) => {
    const f = context.factory;
    const isGlobal = (e: ts.Expression, name: string): boolean => ts.isIdentifier(e) && e.text === name;
    const isMember = (e: ts.Expression, owner: string, name: string): boolean =>
      ts.isPropertyAccessExpression(e) && isGlobal(e.expression, owner) && e.name.text === name;
    const visit = (node: ts.Node): ts.Node => {
      const out = ts.visitEachChild(node, visit, context);
      if (!ts.isCallExpression(out)) return out;
      const callee = out.expression;
      const args = out.arguments;
      if (isMember(callee, 'Math', 'round') && args.length === 1) return f.createCallExpression(helpers.use('__round'), undefined, [args[0]!]);
      if (isGlobal(callee, 'Number') && args.length === 1) return f.createCallExpression(helpers.use('__num'), undefined, [args[0]!]);
      if (isGlobal(callee, 'parseFloat') && args.length === 1) return f.createCallExpression(helpers.use('__num'), undefined, [args[0]!, f.createNumericLiteral(1)]);
      if (isMember(callee, 'Date', 'now') && args.length === 0) {
        return f.createCallExpression(f.createPropertyAccessExpression(f.createIdentifier('Math'), 'floor'), undefined, [out]);
      }
      return out;
    };
    return (sf) => ts.visitEachChild(sf, visit, context) as ts.SourceFile;
  };
}
