// Espruino does not hoist function declarations: calling a function declared further down the same scope
// is a ReferenceError (espruino/Espruino issue 274), and a body that starts with `return` is stored as that
// one expression, so declarations after it never run (issue 326). A function declaration inside a block
// is created in the enclosing function's scope and, when the block runs again (a loop), replaces the
// earlier function object in place (src/jsparse.c jspeStatementFunctionDecl). So:
//   - in a function body or the top level, function declarations move before every other statement
//     (which is what JavaScript's hoisting means);
//   - in a nested block they become `let f = function (...) {...}`, first in the block.
import ts from 'typescript';

const f = ts.factory;

export function hoistFunctions(): ts.TransformerFactory<ts.SourceFile> {
  return (context) => {
    const functionBodies = new WeakSet<ts.Node>();
    const visit = (node: ts.Node): ts.Node => {
      if (ts.isFunctionLike(node) && 'body' in node && node.body && ts.isBlock(node.body as ts.Node)) functionBodies.add(node.body as ts.Node);
      if (ts.isBlock(node)) {
        const isBody = functionBodies.has(node);
        const statements = node.statements.map((s) => ts.visitNode(s, visit) as ts.Statement);
        return f.updateBlock(node, isBody ? hoist(statements) : blockLevel(statements));
      }
      if (ts.isCaseClause(node) || ts.isDefaultClause(node)) {
        const statements = node.statements.map((s) => ts.visitNode(s, visit) as ts.Statement);
        return ts.isCaseClause(node) ? f.updateCaseClause(node, ts.visitNode(node.expression, visit) as ts.Expression, blockLevel(statements)) : f.updateDefaultClause(node, blockLevel(statements));
      }
      return ts.visitEachChild(node, visit, context);
    };
    return (sf) => {
      const statements = sf.statements.map((s) => ts.visitNode(s, visit) as ts.Statement);
      return f.updateSourceFile(sf, hoist(statements));
    };
  };
}

function directiveCount(statements: readonly ts.Statement[]): number {
  let n = 0;
  while (n < statements.length && ts.isExpressionStatement(statements[n]!) && ts.isStringLiteral((statements[n] as ts.ExpressionStatement).expression)) n++;
  return n;
}

/** Directives, then function declarations in their order, then everything else in its order. */
function hoist(statements: ts.Statement[]): ts.Statement[] {
  const d = directiveCount(statements);
  const rest = statements.slice(d);
  return [...statements.slice(0, d), ...rest.filter(ts.isFunctionDeclaration), ...rest.filter((s) => !ts.isFunctionDeclaration(s))];
}

/** Block-level function declarations become `let name = function () {}`, first in the block. */
function blockLevel(statements: ts.Statement[]): ts.Statement[] {
  const fns = statements.filter(ts.isFunctionDeclaration).filter((fn) => fn.name && fn.body);
  if (fns.length === 0) return statements;
  const lets = fns.map((fn) => f.createVariableStatement(undefined, f.createVariableDeclarationList([
    f.createVariableDeclaration(fn.name!.text, undefined, undefined, f.createFunctionExpression(undefined, undefined, undefined, undefined, fn.parameters, undefined, fn.body!)),
  ], ts.NodeFlags.Let)));
  return [...lets, ...statements.filter((s) => !ts.isFunctionDeclaration(s))];
}
