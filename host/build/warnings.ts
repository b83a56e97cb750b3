// Build warnings: code that compiles and runs on Espruino but gives another result than in Node, where the
// compiler can see the case (core/espruino/differences.ts, handling 'warned'; each measured on the real
// interpreter by the facts probe). The build still succeeds; `espkit build` prints them on stderr.
//   integer-like object keys that are iterated   insertion order on the board, ascending first in Node
//   setTimeout(f, 0) in a program with .then      the timer runs before an already-resolved promise's .then
//   JSON.stringify of non-ASCII text              escaped as \u00XX per UTF-8 byte on the board
import ts from 'typescript';
import { displayPath, type BuildDiagnostic } from './diagnostic.ts';
import type { FirmwareProgram } from './typecheck.ts';

const INTEGER_KEY = /^(0|[1-9]\d*)$/;
const NON_ASCII = /[^\x00-\x7f]/;
const KEY_ITERATORS = new Set(['keys', 'entries', 'values']);

export function warnBoardDifferences(fp: FirmwareProgram, root: string): BuildDiagnostic[] {
  const checker = fp.program.getTypeChecker();
  const out: BuildDiagnostic[] = [];
  const warn = (sf: ts.SourceFile, node: ts.Node, message: string, hint: string): void => {
    const lc = sf.getLineAndCharacterOfPosition(node.getStart(sf));
    out.push({ file: displayPath(root, sf.fileName), line: lc.line + 1, column: lc.character + 1, message, hint, kind: 'warning' });
  };
  const isGlobalCall = (node: ts.CallExpression, owner: string | undefined, name: string): boolean => {
    const e = node.expression;
    if (owner === undefined) return ts.isIdentifier(e) && e.text === name && isBuiltin(checker.getSymbolAtLocation(e));
    return ts.isPropertyAccessExpression(e) && e.name.text === name && ts.isIdentifier(e.expression) && e.expression.text === owner
      && isBuiltin(checker.getSymbolAtLocation(e.expression));
  };
  const isBuiltin = (symbol: ts.Symbol | undefined): boolean =>
    !symbol?.declarations?.length || symbol.declarations.every((d) => d.getSourceFile().isDeclarationFile);

  /** The first integer-like key of an object type, looking into nested objects (JSON.stringify writes them all). */
  const integerKey = (t: ts.Type, depth: number, seen: Set<ts.Type>): string | undefined => {
    if (seen.has(t) || depth > 3) return undefined;
    seen.add(t);
    if (t.isUnion() || t.isIntersection()) {
      for (const part of t.types) {
        const k = integerKey(part, depth, seen);
        if (k !== undefined) return k;
      }
      return undefined;
    }
    if (!(t.flags & ts.TypeFlags.Object) || checker.isArrayType(t) || checker.isTupleType(t)) return undefined;
    if (checker.getIndexInfoOfType(t, ts.IndexKind.Number) && !checker.getIndexInfoOfType(t, ts.IndexKind.String)) return '[number]';
    for (const p of checker.getPropertiesOfType(t)) {
      if (INTEGER_KEY.test(p.name)) return p.name;
    }
    if (depth === 0) return undefined;
    for (const p of checker.getPropertiesOfType(t)) {
      const k = integerKey(checker.getTypeOfSymbol(p), depth + 1, seen);
      if (k !== undefined) return k;
    }
    return undefined;
  };
  const keyOrder = (sf: ts.SourceFile, at: ts.Node, subject: ts.Expression, how: string, nested: boolean): void => {
    const key = integerKey(checker.getTypeAtLocation(subject), nested ? 1 : 0, new Set());
    if (key === undefined) return;
    const which = key === '[number]' ? 'number keys' : `the integer-like key "${key}"`;
    warn(sf, at, `${how} an object with ${which}: Espruino keeps such keys in insertion order, Node puts them first in ascending order`,
      'use an array or a Map-like list of pairs, or sort the keys before using their order');
  };

  /** Text that JSON.stringify would escape byte by byte on the board: literals in the argument, or a literal type. */
  const nonAsciiText = (e: ts.Expression): ts.Node | undefined => {
    let found: ts.Node | undefined;
    const visit = (n: ts.Node): void => {
      if (found) return;
      if ((ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n) || ts.isTemplateHead(n) || ts.isTemplateMiddle(n) || ts.isTemplateTail(n))
        && NON_ASCII.test(n.text)) {
        // a property name is a key, also written by JSON.stringify
        found = n;
        return;
      }
      if (ts.isFunctionLike(n)) return;
      ts.forEachChild(n, visit);
    };
    visit(e);
    if (found) return found;
    const t = checker.getTypeAtLocation(e);
    const parts = t.isUnion() ? t.types : [t];
    return parts.some((p) => p.isStringLiteral() && NON_ASCII.test(p.value)) ? e : undefined;
  };

  // setTimeout(f, 0) only matters where promises are used too
  const zeroTimers: Array<{ sf: ts.SourceFile; node: ts.CallExpression }> = [];
  let usesThen = false;

  for (const sf of fp.sources) {
    const visit = (node: ts.Node): void => {
      if (ts.isForInStatement(node)) keyOrder(sf, node.expression, node.expression, 'for-in over', false);
      if (ts.isCallExpression(node)) {
        const arg = node.arguments[0];
        for (const name of KEY_ITERATORS) {
          if (arg && isGlobalCall(node, 'Object', name)) keyOrder(sf, node, arg, `Object.${name} of`, false);
        }
        if (arg && isGlobalCall(node, 'JSON', 'stringify')) {
          keyOrder(sf, node, arg, 'JSON.stringify of', true);
          const text = nonAsciiText(arg);
          if (text) {
            warn(sf, node, 'JSON.stringify of text with characters above 0x7f: Espruino escapes each UTF-8 byte as \\u00XX ("é" becomes "\\u00C3\\u00A9"), Node writes the character',
              'JSON.parse on the other side gives the same text back: compare parsed values, not JSON text');
          }
        }
        if (isGlobalCall(node, undefined, 'setTimeout')) {
          const delay = node.arguments[1];
          const zero = delay === undefined || (ts.isNumericLiteral(delay) && Number(delay.text) === 0);
          if (zero) zeroTimers.push({ sf, node });
        }
        const callee = node.expression;
        if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'then') usesThen = true;
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  if (usesThen) {
    for (const { sf, node } of zeroTimers) {
      warn(sf, node, 'setTimeout with a 0 ms delay: on Espruino it can run before an already-resolved promise\'s .then, in Node after it',
        'do not rely on the order of a 0 ms timer and a .then: chain the work on the promise instead');
    }
  }
  return out;
}
