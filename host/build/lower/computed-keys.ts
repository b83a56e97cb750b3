// Lower computed keys in object literals ({[k]: v} is a syntax error on Espruino). The object is built
// up to the first computed key as a literal, then property by property:
//   {a: 1, [k]: v, get g() {..}}  ->  (_a = {a: 1}, _a[k] = v, Object.defineProperty(_a, "g", {get: .., enumerable: true, configurable: true}), _a)
import ts from 'typescript';

const f = ts.factory;

export function lowerComputedKeys(): ts.TransformerFactory<ts.SourceFile> {
  return (context) => {
    const visit = (node: ts.Node): ts.Node => {
      const n = ts.visitEachChild(node, visit, context);
      if (!ts.isObjectLiteralExpression(n)) return n;
      const firstComputed = n.properties.findIndex((p) => p.name !== undefined && ts.isComputedPropertyName(p.name));
      if (firstComputed < 0) return n;
      const temp = f.createTempVariable(context.hoistVariableDeclaration);
      const exprs: ts.Expression[] = [f.createAssignment(temp, f.createObjectLiteralExpression(n.properties.slice(0, firstComputed), false))];
      const accessors = new Map<string, { key: ts.Expression; get?: ts.Expression; set?: ts.Expression; index: number }>();
      for (const p of n.properties.slice(firstComputed)) {
        if (ts.isShorthandPropertyAssignment(p)) {
          exprs.push(f.createAssignment(f.createPropertyAccessExpression(temp, p.name.text), f.createIdentifier(p.name.text)));
          continue;
        }
        if (ts.isSpreadAssignment(p)) continue; // lowered earlier by the spread pass
        const key = keyOf(p.name);
        if (ts.isPropertyAssignment(p)) exprs.push(f.createAssignment(f.createElementAccessExpression(temp, key), p.initializer));
        else if (ts.isMethodDeclaration(p)) {
          exprs.push(f.createAssignment(f.createElementAccessExpression(temp, key), f.createFunctionExpression(undefined, p.asteriskToken, undefined, undefined, p.parameters, undefined, p.body ?? f.createBlock([]))));
        } else if (ts.isGetAccessor(p) || ts.isSetAccessor(p)) {
          const id = ts.isComputedPropertyName(p.name) ? `[${p.name.expression.pos}:${p.name.expression.end}]` : (p.name as ts.Identifier).text;
          let entry = accessors.get(id);
          if (!entry) {
            entry = { key, index: exprs.length };
            accessors.set(id, entry);
            exprs.push(f.createVoidZero());
          }
          const fn = f.createFunctionExpression(undefined, undefined, undefined, undefined, p.parameters, undefined, p.body ?? f.createBlock([]));
          if (ts.isGetAccessor(p)) entry.get = fn;
          else entry.set = fn;
        }
      }
      for (const a of accessors.values()) {
        const props: ts.ObjectLiteralElementLike[] = [];
        if (a.get) props.push(f.createPropertyAssignment('get', a.get));
        if (a.set) props.push(f.createPropertyAssignment('set', a.set));
        props.push(f.createPropertyAssignment('enumerable', f.createTrue()), f.createPropertyAssignment('configurable', f.createTrue()));
        exprs[a.index] = f.createCallExpression(f.createPropertyAccessExpression(f.createIdentifier('Object'), 'defineProperty'), undefined, [temp, a.key, f.createObjectLiteralExpression(props, false)]);
      }
      exprs.push(temp);
      return f.createParenthesizedExpression(f.createCommaListExpression(exprs));
    };
    return (sf) => ts.visitEachChild(sf, visit, context);
  };
}

function keyOf(name: ts.PropertyName): ts.Expression {
  if (ts.isComputedPropertyName(name)) return name.expression;
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name)) return f.createStringLiteral(name.text);
  if (ts.isNumericLiteral(name)) return f.createNumericLiteral(name.text);
  return f.createStringLiteral((name as unknown as { text: string }).text);
}
