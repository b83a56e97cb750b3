// Functions that only the boot needs are let go once it has run.
//
// The firmware is one function run once (the bundle's `(() => { ... })()`). Every function declared at its top
// level stays reachable from the scope that the other functions keep (src/jsparse.c: a function defined while
// another runs keeps a link to that scope), so its code stays in the board's memory for as long as the device
// runs, even when only the top-level statements ever call it (reading the settings, parsing the broker URL,
// working out the topics). This step finds those functions and ends the top level with `a=b=void 0`, so
// that Espruino frees them (and their code) after the boot.
//
// A function declared at the top level is let go only when every use of its name is a plain call made by the
// top-level statements themselves or by another function that is let go. Any other use keeps it: a use inside
// a nested function, arrow, method or class (they can run later), a use that is not a call (passed as a
// callback, stored, `new`, compared), and any code that uses `eval` or `arguments` keeps everything. The
// analysis does not resolve scopes: a local variable with the same name counts as a use, which can only
// keep more.
import ts from 'typescript';
import { type Piece } from './source-map.ts';

/** The top-level block of `(() => { ... })()` or `(function () { ... })()`, when that is the whole file. */
function runOnceBody(sf: ts.SourceFile): ts.Block | undefined {
  const statements = sf.statements.filter((s) => !ts.isEmptyStatement(s));
  if (statements.length !== 1) return undefined;
  const only = statements[0]!;
  if (!ts.isExpressionStatement(only) || !ts.isCallExpression(only.expression)) return undefined;
  const call = only.expression;
  if (call.arguments.length > 0) return undefined;
  let callee: ts.Expression = call.expression;
  while (ts.isParenthesizedExpression(callee)) callee = callee.expression;
  if ((ts.isArrowFunction(callee) || ts.isFunctionExpression(callee)) && callee.parameters.length === 0 && ts.isBlock(callee.body)) return callee.body;
  return undefined;
}

/** Is this identifier a property or member name rather than a use of a variable? */
function isMemberName(id: ts.Identifier): boolean {
  const p = id.parent;
  if (ts.isPropertyAccessExpression(p) && p.name === id) return true;
  if ((ts.isPropertyAssignment(p) || ts.isMethodDeclaration(p) || ts.isPropertyDeclaration(p) || ts.isGetAccessorDeclaration(p) || ts.isSetAccessorDeclaration(p)) && p.name === id) return true;
  return false;
}

/** Names of the top-level functions of `code` that only the boot calls (empty when the shape is not known). */
export function bootOnlyFunctions(code: string): string[] {
  const sf = ts.createSourceFile('firmware.js', code, ts.ScriptTarget.ESNext, true, ts.ScriptKind.JS);
  const body = runOnceBody(sf);
  if (!body) return [];
  const declared = new Map<string, ts.FunctionDeclaration>();
  for (const s of body.statements) {
    if (ts.isFunctionDeclaration(s) && s.name && s.body) {
      // declared twice: the later one wins in JavaScript; keep it simple and keep both
      if (declared.has(s.name.text)) return [];
      declared.set(s.name.text, s);
    }
  }
  if (declared.size === 0) return [];
  const declarations = new Set<ts.Node>(declared.values());
  const kept = new Set<string>();
  /** Names each candidate's own body calls (its nested functions count as later code). */
  const calls = new Map<string, Set<string>>();
  let unsafe = false;

  const visit = (node: ts.Node, owner: string | undefined, later: boolean): void => {
    if (ts.isIdentifier(node)) {
      if (node.text === 'eval' || node.text === 'arguments') unsafe = true;
      if (!declared.has(node.text) || isMemberName(node)) return;
      const decl = declared.get(node.text)!;
      if (decl.name === node) return;
      const p = node.parent;
      const isCall = ts.isCallExpression(p) && p.expression === node;
      if (later || !isCall) kept.add(node.text);
      else if (owner !== undefined) calls.get(owner)!.add(node.text);
      return;
    }
    if (declarations.has(node)) {
      const name = (node as ts.FunctionDeclaration).name!.text;
      calls.set(name, new Set());
      ts.forEachChild(node, (c) => visit(c, name, false));
      return;
    }
    const nested = ts.isFunctionLike(node) || ts.isClassLike(node);
    ts.forEachChild(node, (c) => visit(c, owner, later || nested));
  };
  for (const s of body.statements) visit(s, undefined, false);
  if (unsafe) return [];

  // what a kept function calls is kept too
  const pending = [...kept];
  while (pending.length > 0) {
    const name = pending.pop()!;
    for (const callee of calls.get(name) ?? []) {
      if (!kept.has(callee)) {
        kept.add(callee);
        pending.push(callee);
      }
    }
  }
  return [...declared.keys()].filter((name) => !kept.has(name));
}

/**
 * `code` with `name=...=void 0` after the last top-level statement of its run-once function, for every
 * function only the boot calls, and the pieces of the result copied from `code` (for the source map).
 */
export function releaseBootOnlyFunctions(code: string): { code: string; pieces: Piece[]; released: string[] } {
  const released = bootOnlyFunctions(code);
  const unchanged = { code, pieces: code.length > 0 ? [{ outStart: 0, inStart: 0, length: code.length }] : [], released: [] };
  if (released.length === 0) return unchanged;
  const sf = ts.createSourceFile('firmware.js', code, ts.ScriptTarget.ESNext, true, ts.ScriptKind.JS);
  const body = runOnceBody(sf)!;
  const last = body.statements[body.statements.length - 1]!;
  const at = last.end;
  const text = `;${released.join('=')}=void 0`;
  return {
    code: code.slice(0, at) + text + code.slice(at),
    pieces: [
      { outStart: 0, inStart: 0, length: at },
      ...(code.length > at ? [{ outStart: at + text.length, inStart: at, length: code.length - at }] : []),
    ],
    released,
  };
}
