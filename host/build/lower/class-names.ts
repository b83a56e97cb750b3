// A named class expression's own name is not bound inside its body on Espruino (2v29: `var r = class a {
// m() { return a.k; } }` throws ReferenceError "a" is not defined; docs/espruino.md). esbuild names the class
// expressions it makes for static fields (`var _A = class _A { ... _A.n ... }`), and the minifier keeps that
// shape, so the output never relies on the binding: the name goes, and the body refers to the variable the
// class is assigned to; a class expression that is not assigned to a variable becomes a small function that
// declares one.
import ts from 'typescript';

export function lowerClassExpressionNames(): ts.TransformerFactory<ts.SourceFile> {
  return (context) => {
    const f = context.factory;
    const visit = (node: ts.Node): ts.Node => {
      const out = ts.visitEachChild(node, visit, context);
      if (!ts.isClassExpression(out) || !out.name) return out;
      const name = out.name.text;
      const anonymous = f.updateClassExpression(out, out.modifiers, undefined, out.typeParameters, out.heritageClauses, out.members);
      const parent = node.parent;
      if (parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name) && parent.initializer === node) {
        const binding = parent.name.text;
        if (binding === name) return anonymous;
        // the body's references to the class's own name become references to the variable
        const rename = (n: ts.Node): ts.Node => (ts.isIdentifier(n) && n.text === name && isReference(n) ? f.createIdentifier(binding) : ts.visitEachChild(n, rename, context));
        return ts.visitEachChild(anonymous, rename, context);
      }
      // (function () { var Name = class { ... }; return Name; })()
      const fn = f.createFunctionExpression(undefined, undefined, undefined, undefined, [], undefined, f.createBlock([
        f.createVariableStatement(undefined, f.createVariableDeclarationList([f.createVariableDeclaration(name, undefined, undefined, anonymous)])),
        f.createReturnStatement(f.createIdentifier(name)),
      ], true));
      return f.createCallExpression(f.createParenthesizedExpression(fn), undefined, []);
    };
    return (sf) => ts.visitEachChild(sf, visit, context) as ts.SourceFile;
  };
}

/** An identifier that names a variable (not a property name after a dot or in an object literal). */
function isReference(id: ts.Identifier): boolean {
  const p = id.parent;
  if (!p) return true;
  if (ts.isPropertyAccessExpression(p) && p.name === id) return false;
  if ((ts.isPropertyAssignment(p) || ts.isMethodDeclaration(p) || ts.isPropertyDeclaration(p) || ts.isGetAccessor(p) || ts.isSetAccessor(p)) && p.name === id) return false;
  return true;
}
