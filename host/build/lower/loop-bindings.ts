// Per-iteration `let`/`const` loop bindings. Espruino keeps ONE binding for the whole loop, so closures
// made in the body all see the last value (espruino/Espruino issue 2206); a `let` declared inside the body
// block is fresh on every iteration, though (each run of a block gets its own scope, jsparse.c
// jspeBlockStart). So when the body captures a loop variable, the header gets a renamed variable and the
// body a fresh copy:
//   for (let i = 0; i < n; i++) { fns.push(() => i); }
//     ->  for (let _i = 0; _i < n; _i++) { let i = _i; fns.push(() => i); }
//   for (const x of xs) { on(() => x); }   ->  for (const _x of xs) { const x = _x; on(() => x); }
// When the body also assigns the variable, the copy is written back before each `continue` and at the end.
import ts from 'typescript';

const f = ts.factory;

export function lowerLoopBindings(): ts.TransformerFactory<ts.SourceFile> {
  return (context) => {
    const visit = (node: ts.Node): ts.Node => {
      const n = ts.visitEachChild(node, visit, context);
      if ((ts.isForStatement(n) || ts.isForOfStatement(n) || ts.isForInStatement(n)) && n.initializer && ts.isVariableDeclarationList(n.initializer)
        && (n.initializer.flags & (ts.NodeFlags.Let | ts.NodeFlags.Const))) {
        const names = n.initializer.declarations.map((d) => d.name).filter(ts.isIdentifier).map((i) => i.text);
        const captured = names.filter((name) => capturedIn(n.statement, name));
        if (captured.length === 0) return n;
        return rewrite(n, n.initializer, captured);
      }
      return n;
    };
    return (sf) => ts.visitEachChild(sf, visit, context);
  };
}

function rewrite(loop: ts.ForStatement | ts.ForOfStatement | ts.ForInStatement, list: ts.VariableDeclarationList, captured: string[]): ts.Statement {
  const renamed = new Map(captured.map((name) => [name, f.createUniqueName(`_${name}`)]));
  const flags = list.flags & (ts.NodeFlags.Let | ts.NodeFlags.Const);
  const rename = <T extends ts.Node>(node: T): T => renameRefs(node, renamed);
  const head = f.updateVariableDeclarationList(list, list.declarations.map((d) => {
    const name = ts.isIdentifier(d.name) && renamed.get(d.name.text);
    return f.updateVariableDeclaration(d, name || d.name, undefined, undefined, d.initializer && rename(d.initializer));
  }));
  const copies = f.createVariableStatement(undefined, f.createVariableDeclarationList(
    captured.map((name) => f.createVariableDeclaration(name, undefined, undefined, renamed.get(name)!)), ts.isForStatement(loop) ? ts.NodeFlags.Let : flags));
  let bodyStatements = ts.isBlock(loop.statement) ? [...loop.statement.statements] : [loop.statement];
  if (ts.isForStatement(loop)) {
    // write back assignments made in the body, so the condition and increment see them
    const assigned = captured.filter((name) => bodyStatements.some((s) => assigns(s, name)));
    if (assigned.length > 0) {
      const writeBack = (): ts.Statement => f.createExpressionStatement(f.createCommaListExpression(assigned.map((name) => f.createAssignment(renamed.get(name)!, f.createIdentifier(name)))));
      bodyStatements = bodyStatements.map((s) => withWriteBackBeforeContinue(s, writeBack));
      bodyStatements.push(writeBack());
    }
    const body = f.createBlock([copies, ...bodyStatements], true);
    return f.updateForStatement(loop, head, loop.condition && rename(loop.condition), loop.incrementor && rename(loop.incrementor), body);
  }
  const body = f.createBlock([copies, ...bodyStatements], true);
  return ts.isForOfStatement(loop)
    ? f.updateForOfStatement(loop, loop.awaitModifier, head, loop.expression, body)
    : f.updateForInStatement(loop, head, loop.expression, body);
}

/** Is `name` referenced from a function (or class) nested in `node`? */
function capturedIn(node: ts.Node, name: string): boolean {
  let found = false;
  const walk = (n: ts.Node, inFunction: boolean): void => {
    if (found) return;
    if (inFunction && ts.isIdentifier(n) && n.text === name) {
      found = true;
      return;
    }
    if (ts.isPropertyAccessExpression(n)) return walk(n.expression, inFunction);
    if (ts.isPropertyAssignment(n)) {
      if (ts.isComputedPropertyName(n.name)) walk(n.name, inFunction);
      return walk(n.initializer, inFunction);
    }
    const nested = inFunction || ts.isFunctionLike(n) || ts.isClassLike(n);
    ts.forEachChild(n, (c) => walk(c, nested));
  };
  walk(node, false);
  return found;
}

function assigns(node: ts.Node, name: string): boolean {
  let found = false;
  const walk = (n: ts.Node): void => {
    if (found) return;
    if (ts.isBinaryExpression(n) && n.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && n.operatorToken.kind <= ts.SyntaxKind.LastAssignment && ts.isIdentifier(n.left) && n.left.text === name) found = true;
    else if ((ts.isPrefixUnaryExpression(n) || ts.isPostfixUnaryExpression(n)) && (n.operator === ts.SyntaxKind.PlusPlusToken || n.operator === ts.SyntaxKind.MinusMinusToken) && ts.isIdentifier(n.operand) && n.operand.text === name) found = true;
    else ts.forEachChild(n, walk);
  };
  walk(node);
  return found;
}

/** `continue` of this loop (not of a loop nested in it) gets the write-back first. */
function withWriteBackBeforeContinue(s: ts.Statement, writeBack: () => ts.Statement): ts.Statement {
  const visit = (n: ts.Node): ts.Node => {
    if (ts.isContinueStatement(n) && !n.label) return f.createBlock([writeBack(), n], false);
    if (ts.isIterationStatement(n, false) || ts.isFunctionLike(n) || ts.isClassLike(n)) return n;
    return ts.visitEachChild(n, visit, undefined);
  };
  return visit(s) as ts.Statement;
}

function renameRefs<T extends ts.Node>(node: T, names: Map<string, ts.Identifier>): T {
  const visit = (n: ts.Node): ts.Node => {
    if (ts.isIdentifier(n) && names.has(n.text)) return names.get(n.text)!;
    if (ts.isPropertyAccessExpression(n)) return f.updatePropertyAccessExpression(n, visit(n.expression) as ts.Expression, n.name);
    if (ts.isPropertyAssignment(n)) return f.updatePropertyAssignment(n, ts.isComputedPropertyName(n.name) ? (visit(n.name) as ts.PropertyName) : n.name, visit(n.initializer) as ts.Expression);
    if (ts.isShorthandPropertyAssignment(n) && names.has(n.name.text)) return f.createPropertyAssignment(n.name.text, names.get(n.name.text)!);
    return ts.visitEachChild(n, visit, undefined);
  };
  return visit(node) as T;
}
