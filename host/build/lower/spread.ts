// Lower spread (a syntax error on Espruino) in arrays, calls, `new` and object literals:
//   [a, ...b]        ->  [a].concat(__slice(b, 0))
//   f(...args)       ->  f.apply(void 0, __slice(args, 0))
//   o.m(x, ...args)  ->  o.m.apply(o, [x].concat(__slice(args, 0)))
//   new C(...args)   ->  __new(C, __slice(args, 0))
//   {...a, b: 1}     ->  Object.assign({}, a, {b: 1})
// __slice copies any array-like with an index loop (no Array.prototype reads, Espruino issue 159).
import ts from 'typescript';
import type { Helpers } from './helpers.ts';

const f = ts.factory;

export function lowerSpread(helpers: Helpers): ts.TransformerFactory<ts.SourceFile> {
  return (context) => {
    const visit = (node: ts.Node): ts.Node => {
      const n = ts.visitEachChild(node, visit, context);
      if (ts.isArrayLiteralExpression(n) && n.elements.some(ts.isSpreadElement)) return spreadArray(n.elements);
      if (ts.isCallExpression(n) && n.arguments.some(ts.isSpreadElement)) return spreadCall(n);
      if (ts.isNewExpression(n) && n.arguments?.some(ts.isSpreadElement)) {
        return f.createCallExpression(helpers.use('__new'), undefined, [n.expression, spreadArray(n.arguments)]);
      }
      if (ts.isObjectLiteralExpression(n) && n.properties.some(ts.isSpreadAssignment)) return spreadObject(n);
      return n;
    };

    function spreadArray(elements: ts.NodeArray<ts.Expression>): ts.Expression {
      const parts: ts.Expression[] = [];
      let pending: ts.Expression[] = [];
      const flush = (): void => {
        if (pending.length > 0) parts.push(f.createArrayLiteralExpression(pending));
        pending = [];
      };
      for (const e of elements) {
        if (ts.isSpreadElement(e)) {
          flush();
          parts.push(f.createCallExpression(helpers.use('__slice'), undefined, [e.expression, f.createNumericLiteral(0)]));
        } else pending.push(ts.isOmittedExpression(e) ? f.createVoidZero() : e);
      }
      flush();
      const [first, ...rest] = parts;
      if (rest.length === 0) return first!;
      return f.createCallExpression(f.createPropertyAccessExpression(first!, 'concat'), undefined, rest);
    }

    function spreadCall(call: ts.CallExpression): ts.Expression {
      const args = spreadArray(call.arguments);
      const callee = call.expression;
      if (ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee)) {
        const obj = callee.expression;
        let thisArg: ts.Expression;
        let target: ts.Expression;
        if (ts.isIdentifier(obj) || obj.kind === ts.SyntaxKind.ThisKeyword) {
          thisArg = obj.kind === ts.SyntaxKind.ThisKeyword ? f.createThis() : f.createIdentifier((obj as ts.Identifier).text);
          target = callee;
        } else {
          const t = f.createTempVariable(context.hoistVariableDeclaration);
          thisArg = t;
          const assigned = f.createParenthesizedExpression(f.createAssignment(t, obj));
          target = ts.isPropertyAccessExpression(callee) ? f.createPropertyAccessExpression(assigned, callee.name) : f.createElementAccessExpression(assigned, callee.argumentExpression);
        }
        return f.createCallExpression(f.createPropertyAccessExpression(target, 'apply'), undefined, [thisArg, args]);
      }
      return f.createCallExpression(f.createPropertyAccessExpression(callee, 'apply'), undefined, [f.createVoidZero(), args]);
    }

    function spreadObject(obj: ts.ObjectLiteralExpression): ts.Expression {
      const args: ts.Expression[] = [];
      let pending: ts.ObjectLiteralElementLike[] = [];
      const flush = (): void => {
        if (pending.length > 0) args.push(f.createObjectLiteralExpression(pending, false));
        pending = [];
      };
      for (const p of obj.properties) {
        if (ts.isSpreadAssignment(p)) {
          if (args.length === 0 && pending.length === 0) args.push(f.createObjectLiteralExpression([], false));
          flush();
          args.push(p.expression);
        } else pending.push(p);
      }
      flush();
      return f.createCallExpression(f.createPropertyAccessExpression(f.createIdentifier('Object'), 'assign'), undefined, args);
    }

    return (sf) => ts.visitEachChild(sf, visit, context);
  };
}
