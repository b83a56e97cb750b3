// `x.toFixed(d)` -> `__toFixed(x, d)`: Espruino's toFixed truncates instead of rounding ((2.5).toFixed(0) is
// "2", (19.96).toFixed(1) "19.9"), and firmware formats every reading it prints or sends with it. The
// helper (helpers.ts) gives V8's digits and hands anything that is not a number to its own toFixed, so a
// user's class with a toFixed method is unaffected.
import ts from 'typescript';
import type { Helpers } from './helpers.ts';

const f = ts.factory;

export function lowerToFixed(helpers: Helpers): ts.TransformerFactory<ts.SourceFile> {
  return (context) => {
    const visit = (node: ts.Node): ts.Node => {
      const n = ts.visitEachChild(node, visit, context);
      if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && n.expression.name.text === 'toFixed'
        && !n.questionDotToken && !n.expression.questionDotToken && n.arguments.length <= 1 && !n.arguments.some(ts.isSpreadElement)) {
        const digits = n.arguments[0] ?? f.createNumericLiteral(0);
        return f.createCallExpression(helpers.use('__toFixed'), undefined, [n.expression.expression, digits]);
      }
      return n;
    };
    return (sf) => ts.visitEachChild(sf, visit, context);
  };
}
