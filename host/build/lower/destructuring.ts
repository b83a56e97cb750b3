// Lower destructuring (not supported by Espruino) into plain property reads:
//   const {a, b: [c, d = 1], ...r} = o;   ->  const a = o.a, _a = o.b, c = _a[0], _b = _a[1], d = _b === void 0 ? 1 : _b, r = __objRest(o, ["a", "b"]);
//   [x, y] = [y, x];                      ->  _a = [y, x], x = _a[0], y = _a[1];
//   for (const [k, v] of list) body       ->  for (const _a of list) { const k = _a[0], v = _a[1]; body }
//   catch ({message}) {}                  ->  catch (_a) { let message = _a.message; }
// Array patterns read by index: Espruino iterates arrays, strings and typed arrays only, and the refusal
// pass has checked that the value is one of those.
import ts from 'typescript';
import type { Helpers } from './helpers.ts';

const f = ts.factory;

export function lowerDestructuring(helpers: Helpers): ts.TransformerFactory<ts.SourceFile> {
  return (context) => {
    const visit = (node: ts.Node): ts.VisitResult<ts.Node | undefined> => {
      if (ts.isVariableDeclarationList(node) && node.declarations.some((d) => !ts.isIdentifier(d.name))) {
        const decls: ts.VariableDeclaration[] = [];
        for (const d of node.declarations) {
          const init = d.initializer ? (ts.visitNode(d.initializer, visit) as ts.Expression) : undefined;
          if (ts.isIdentifier(d.name)) decls.push(f.updateVariableDeclaration(d, d.name, undefined, undefined, init));
          else bindPattern(d.name, init ?? f.createVoidZero(), decls);
        }
        return f.updateVariableDeclarationList(node, decls);
      }
      if ((ts.isForOfStatement(node) || ts.isForInStatement(node)) && hasPattern(node.initializer)) {
        const temp = f.createUniqueName('_e');
        const init = node.initializer;
        let head: ts.ForInitializer;
        let first: ts.Statement;
        if (ts.isVariableDeclarationList(init)) {
          const flags = init.flags & (ts.NodeFlags.Let | ts.NodeFlags.Const);
          head = f.createVariableDeclarationList([f.createVariableDeclaration(temp)], flags);
          first = f.createVariableStatement(undefined, f.createVariableDeclarationList([f.createVariableDeclaration(init.declarations[0]!.name, undefined, undefined, temp)], flags));
        } else {
          head = f.createVariableDeclarationList([f.createVariableDeclaration(temp)], ts.NodeFlags.Const);
          first = f.createExpressionStatement(f.createAssignment(init as ts.Expression, temp));
        }
        const body = f.createBlock([first, ...(ts.isBlock(node.statement) ? node.statement.statements : [node.statement])], true);
        const rebuilt = ts.isForOfStatement(node)
          ? f.updateForOfStatement(node, node.awaitModifier, head, node.expression, body)
          : f.updateForInStatement(node, head, node.expression, body);
        return ts.visitEachChild(rebuilt, visit, context);
      }
      if (ts.isCatchClause(node) && node.variableDeclaration && !ts.isIdentifier(node.variableDeclaration.name)) {
        const temp = f.createUniqueName('_e');
        const first = f.createVariableStatement(undefined, f.createVariableDeclarationList([f.createVariableDeclaration(node.variableDeclaration.name, undefined, undefined, temp)], ts.NodeFlags.Let));
        const rebuilt = f.updateCatchClause(node, f.createVariableDeclaration(temp), f.createBlock([first, ...node.block.statements], true));
        return ts.visitEachChild(rebuilt, visit, context);
      }
      if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && (ts.isObjectLiteralExpression(node.left) || ts.isArrayLiteralExpression(node.left))) {
        const value = ts.visitNode(node.right, visit) as ts.Expression;
        const exprs: ts.Expression[] = [];
        const temp = f.createTempVariable(context.hoistVariableDeclaration);
        exprs.push(f.createAssignment(temp, value));
        assignPattern(node.left, temp, exprs, visit);
        const resultUsed = !(node.parent && (ts.isExpressionStatement(node.parent) || ts.isForStatement(node.parent)));
        if (resultUsed) exprs.push(temp);
        return f.createParenthesizedExpression(f.createCommaListExpression(exprs));
      }
      return ts.visitEachChild(node, visit, context);
    };

    /** Declarations binding `pattern` to `value`, appended to `out` (temporaries declared in the same list). */
    function bindPattern(pattern: ts.BindingName, value: ts.Expression, out: ts.VariableDeclaration[]): void {
      if (ts.isIdentifier(pattern)) {
        out.push(f.createVariableDeclaration(pattern.text, undefined, undefined, value));
        return;
      }
      const src = simple(value, out);
      if (ts.isObjectBindingPattern(pattern)) {
        const taken: ts.Expression[] = [];
        for (const el of pattern.elements) {
          if (el.dotDotDotToken) {
            out.push(f.createVariableDeclaration((el.name as ts.Identifier).text, undefined, undefined,
              f.createCallExpression(helpers.use('__objRest'), undefined, [src, f.createArrayLiteralExpression(taken)])));
            continue;
          }
          const key = el.propertyName ?? (el.name as ts.Identifier);
          const { access, keyForRest } = readKey(src, key, out);
          taken.push(keyForRest);
          bindElement(el, access, out);
        }
      } else {
        pattern.elements.forEach((el, i) => {
          if (ts.isOmittedExpression(el)) return;
          if (el.dotDotDotToken) {
            bindPattern(el.name, f.createCallExpression(helpers.use('__slice'), undefined, [src, f.createNumericLiteral(i)]), out);
            return;
          }
          bindElement(el, f.createElementAccessExpression(src, i), out);
        });
      }
    }

    function bindElement(el: ts.BindingElement, access: ts.Expression, out: ts.VariableDeclaration[]): void {
      let value = access;
      if (el.initializer) {
        const d = f.createUniqueName('_d');
        out.push(f.createVariableDeclaration(d, undefined, undefined, access));
        value = f.createConditionalExpression(f.createStrictEquality(d, f.createVoidZero()), undefined, ts.visitNode(el.initializer, visit) as ts.Expression, undefined, d);
      }
      bindPattern(el.name, value, out);
    }

    /** A name to read the value through (a temporary in the declaration list unless it is already a name). */
    function simple(value: ts.Expression, out: ts.VariableDeclaration[]): ts.Identifier {
      if (ts.isIdentifier(value)) return value;
      const t = f.createUniqueName('_a');
      out.push(f.createVariableDeclaration(t, undefined, undefined, value));
      return t;
    }

    function readKey(src: ts.Expression, key: ts.PropertyName, out: ts.VariableDeclaration[] | null): { access: ts.Expression; keyForRest: ts.Expression } {
      if (ts.isIdentifier(key)) return { access: f.createPropertyAccessExpression(src, key.text), keyForRest: f.createStringLiteral(key.text) };
      if (ts.isStringLiteral(key) || ts.isNoSubstitutionTemplateLiteral(key)) return { access: f.createElementAccessExpression(src, f.createStringLiteral(key.text)), keyForRest: f.createStringLiteral(key.text) };
      if (ts.isNumericLiteral(key)) return { access: f.createElementAccessExpression(src, f.createNumericLiteral(key.text)), keyForRest: f.createStringLiteral(String(Number(key.text))) };
      if (ts.isComputedPropertyName(key)) {
        const expr = ts.visitNode(key.expression, visit) as ts.Expression;
        let k: ts.Expression = expr;
        if (!ts.isIdentifier(expr) && !ts.isStringLiteral(expr)) {
          if (out) {
            const t = f.createUniqueName('_k');
            out.push(f.createVariableDeclaration(t, undefined, undefined, expr));
            k = t;
          } else {
            const t = f.createTempVariable(context.hoistVariableDeclaration);
            k = f.createParenthesizedExpression(f.createAssignment(t, expr));
            return { access: f.createElementAccessExpression(src, k), keyForRest: f.createAdd(f.createStringLiteral(''), t) };
          }
        }
        return { access: f.createElementAccessExpression(src, k), keyForRest: f.createAdd(f.createStringLiteral(''), k) };
      }
      return { access: f.createElementAccessExpression(src, f.createStringLiteral((key as unknown as { text: string }).text)), keyForRest: f.createStringLiteral((key as unknown as { text: string }).text) };
    }

    /** Assignments for an assignment pattern ({a, b: c.d} = v, [x, ...y] = v), appended to `exprs`. */
    function assignPattern(target: ts.Expression, value: ts.Identifier, exprs: ts.Expression[], v: ts.Visitor): void {
      if (ts.isObjectLiteralExpression(target)) {
        const taken: ts.Expression[] = [];
        for (const p of target.properties) {
          if (ts.isSpreadAssignment(p)) {
            exprs.push(f.createAssignment(ts.visitNode(p.expression, v) as ts.Expression, f.createCallExpression(helpers.use('__objRest'), undefined, [value, f.createArrayLiteralExpression(taken)])));
          } else if (ts.isShorthandPropertyAssignment(p)) {
            taken.push(f.createStringLiteral(p.name.text));
            const access = f.createPropertyAccessExpression(value, p.name.text);
            assignTo(f.createIdentifier(p.name.text), access, p.objectAssignmentInitializer, exprs, v);
          } else if (ts.isPropertyAssignment(p)) {
            const { access, keyForRest } = readKey(value, p.name, null);
            taken.push(keyForRest);
            let t = p.initializer;
            let dflt: ts.Expression | undefined;
            if (ts.isBinaryExpression(t) && t.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
              dflt = t.right;
              t = t.left;
            }
            assignTo(t, access, dflt, exprs, v);
          }
        }
        return;
      }
      (target as ts.ArrayLiteralExpression).elements.forEach((el, i) => {
        if (ts.isOmittedExpression(el)) return;
        if (ts.isSpreadElement(el)) {
          assignTo(el.expression, f.createCallExpression(helpers.use('__slice'), undefined, [value, f.createNumericLiteral(i)]), undefined, exprs, v);
          return;
        }
        if (ts.isBinaryExpression(el) && el.operatorToken.kind === ts.SyntaxKind.EqualsToken) assignTo(el.left, f.createElementAccessExpression(value, i), el.right, exprs, v);
        else assignTo(el, f.createElementAccessExpression(value, i), undefined, exprs, v);
      });
    }

    function assignTo(target: ts.Expression, access: ts.Expression, dflt: ts.Expression | undefined, exprs: ts.Expression[], v: ts.Visitor): void {
      let value = access;
      if (dflt) {
        const d = f.createTempVariable(context.hoistVariableDeclaration);
        exprs.push(f.createAssignment(d, access));
        value = f.createConditionalExpression(f.createStrictEquality(d, f.createVoidZero()), undefined, ts.visitNode(dflt, v) as ts.Expression, undefined, d);
      }
      if (ts.isObjectLiteralExpression(target) || ts.isArrayLiteralExpression(target)) {
        const t = f.createTempVariable(context.hoistVariableDeclaration);
        exprs.push(f.createAssignment(t, value));
        assignPattern(target, t, exprs, v);
      } else {
        exprs.push(f.createAssignment(ts.visitNode(target, v) as ts.Expression, value));
      }
    }

    return (sf) => ts.visitEachChild(sf, visit, context);
  };
}

function hasPattern(init: ts.ForInitializer): boolean {
  if (ts.isVariableDeclarationList(init)) return init.declarations.some((d) => !ts.isIdentifier(d.name));
  return ts.isObjectLiteralExpression(init) || ts.isArrayLiteralExpression(init);
}
