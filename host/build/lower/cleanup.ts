// Tidy what the bundler emits before lowering:
//   - esbuild wraps require() of modules left external in a `__require` shim that tests for Proxy; on
//     Espruino `require("Wifi")` is a plain global function, so calls go to it directly and the shim goes;
//   - enums are written `E[E["A"] = 0] = "A"`; that becomes two plain assignments, `E["A"] = 0; E[0] = "A"`
//     (the nested form printed wrong values on Espruino, docs/espruino.md).
import ts from 'typescript';

const f = ts.factory;

export function cleanupBundle(): ts.TransformerFactory<ts.SourceFile> {
  return (context) => {
    const shims = new Set<string>();
    const visit = (node: ts.Node): ts.VisitResult<ts.Node | undefined> => {
      if (ts.isVariableStatement(node) && node.declarationList.declarations.length === 1) {
        const d = node.declarationList.declarations[0]!;
        if (ts.isIdentifier(d.name) && /^__require\d*$/.test(d.name.text)) {
          shims.add(d.name.text);
          return undefined;
        }
      }
      if (ts.isIdentifier(node) && shims.has(node.text)) return f.createIdentifier('require');
      if (ts.isExpressionStatement(node)) {
        const split = splitEnumMember(node.expression);
        if (split) return split;
      }
      return ts.visitEachChild(node, visit, context);
    };
    return (sf) => ts.visitEachChild(sf, visit, context);
  };
}

function splitEnumMember(e: ts.Expression): ts.Statement[] | undefined {
  if (!ts.isBinaryExpression(e) || e.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return undefined;
  const outer = e.left;
  if (!ts.isElementAccessExpression(outer) || !ts.isIdentifier(outer.expression)) return undefined;
  const inner = outer.argumentExpression;
  if (!ts.isBinaryExpression(inner) || inner.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return undefined;
  if (!ts.isElementAccessExpression(inner.left) || !ts.isIdentifier(inner.left.expression) || inner.left.expression.text !== outer.expression.text) return undefined;
  const value = inner.right;
  const isConstant = ts.isNumericLiteral(value) || ts.isStringLiteral(value)
    || (ts.isPrefixUnaryExpression(value) && value.operator === ts.SyntaxKind.MinusToken && ts.isNumericLiteral(value.operand));
  if (!isConstant) return undefined;
  const obj = outer.expression.text;
  return [
    f.createExpressionStatement(f.createAssignment(f.createElementAccessExpression(f.createIdentifier(obj), inner.left.argumentExpression), value)),
    f.createExpressionStatement(f.createAssignment(f.createElementAccessExpression(f.createIdentifier(obj), value), e.right)),
  ];
}
