// Short names for the firmware's private class members, given to the minifier as property renames.
//
// Espruino keeps every function's code in memory while it can run, and every instance property's name beside
// its value, so `this.inflight` costs more than `this.a`. The minifier shortens variables but not property
// names: a property may be read by code it cannot see (an Espruino API reading an options object, JSON, a
// Storage file). A TypeScript `private` member is different: the type checker allows it to be named only
// inside its class. So a name is renamed only when every place in the program that names a property by it
// (accesses, object keys, declarations, the typings of the Espruino API) is a private member of a class, and
// no string literal in the program spells it (`obj["name"]` or `"name" in obj` would miss the rename).
// Code that walks an object's keys (for-in, Object.keys/entries/values, JSON.stringify) would see the new
// names, so the members of any type walked there keep theirs.
import ts from 'typescript';

const KEY_WALKERS = new Set(['keys', 'entries', 'values', 'stringify']);

/** The object whose keys this node walks: for-in's object, or the argument of Object.keys & co and JSON.stringify. */
function walkedObject(n: ts.Node): ts.Expression | undefined {
  if (ts.isForInStatement(n)) return n.expression;
  if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && ts.isIdentifier(n.expression.expression)
    && KEY_WALKERS.has(n.expression.name.text) && (n.expression.expression.text === 'Object' || n.expression.expression.text === 'JSON')) return n.arguments[0];
  return undefined;
}

/** Every property name of `t` and of the object types inside it (JSON.stringify writes nested objects too). */
function namesOfType(checker: ts.TypeChecker, t: ts.Type, into: Set<string>, seen = new Set<ts.Type>()): void {
  if (seen.has(t) || seen.size > 200) return;
  seen.add(t);
  const parts = t.isUnionOrIntersection() ? t.types : [t];
  for (const part of parts) {
    if (part !== t) namesOfType(checker, part, into, seen);
    else if (part.flags & ts.TypeFlags.Object) {
      for (const p of checker.getPropertiesOfType(part)) {
        into.add(p.name);
        namesOfType(checker, checker.getTypeOfSymbol(p), into, seen);
      }
      // arrays and other generic references: what they hold
      if ((part as ts.ObjectType).objectFlags & ts.ObjectFlags.Reference) {
        for (const arg of checker.getTypeArguments(part as ts.TypeReference)) namesOfType(checker, arg, into, seen);
      }
    }
  }
}

function isPrivateMember(decl: ts.Declaration): boolean {
  if (!(ts.getCombinedModifierFlags(decl) & ts.ModifierFlags.Private)) return false;
  if (ts.isParameter(decl)) return ts.isConstructorDeclaration(decl.parent);
  return ts.isClassElement(decl) && !ts.isConstructorDeclaration(decl);
}

/** The identifier names a property here (as opposed to a variable). */
function propertyNamePosition(id: ts.Identifier): boolean {
  const p = id.parent;
  if (ts.isPropertyAccessExpression(p)) return p.name === id;
  if (ts.isPropertyAssignment(p) || ts.isMethodDeclaration(p) || ts.isPropertyDeclaration(p) || ts.isPropertySignature(p) ||
    ts.isMethodSignature(p) || ts.isGetAccessorDeclaration(p) || ts.isSetAccessorDeclaration(p) || ts.isEnumMember(p)) return p.name === id;
  if (ts.isShorthandPropertyAssignment(p)) return true;
  if (ts.isBindingElement(p)) return p.propertyName === id || (!p.propertyName && p.name === id);
  if (ts.isParameter(p)) return p.name === id && ts.isConstructorDeclaration(p.parent) && (ts.getCombinedModifierFlags(p) & ts.ModifierFlags.ParameterPropertyModifier) !== 0;
  return false;
}

/** Names of private class members that nothing but their class names as a property. */
export function privateOnlyNames(program: ts.Program): string[] {
  const checker = program.getTypeChecker();
  const candidates = new Set<string>();
  const blocked = new Set<string>();
  const files = program.getSourceFiles().filter((sf) => !program.isSourceFileDefaultLibrary(sf) && !sf.fileName.includes('/node_modules/'));
  for (const sf of files) {
    const find = (n: ts.Node): void => {
      if ((ts.isClassElement(n) || ts.isParameter(n)) && n.name && ts.isIdentifier(n.name) && isPrivateMember(n as ts.Declaration)) candidates.add(n.name.text);
      ts.forEachChild(n, find);
    };
    find(sf);
  }
  for (const sf of files) {
    const check = (n: ts.Node): void => {
      const walked = walkedObject(n);
      if (walked) {
        const names = new Set<string>();
        namesOfType(checker, checker.getTypeAtLocation(walked), names);
        for (const name of names) if (candidates.has(name)) blocked.add(name);
      }
      // A declaration file's strings are literal types (`require(name: "timer")`), never text the program can
      // index an object with, so they cannot see a renamed member.
      if (sf.isDeclarationFile && (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n))) { /* a type, not a value */ }
      else if ((ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) && candidates.has(n.text)) blocked.add(n.text);
      else if (ts.isTemplateHead(n) || ts.isTemplateMiddle(n) || ts.isTemplateTail(n)) {
        for (const name of candidates) if (n.text.includes(name)) blocked.add(name);
      } else if (ts.isIdentifier(n) && candidates.has(n.text) && propertyNamePosition(n)) {
        const symbol = ts.isShorthandPropertyAssignment(n.parent) ? undefined : checker.getSymbolAtLocation(n);
        const decls = symbol?.declarations ?? [];
        if (decls.length === 0 || !decls.every(isPrivateMember)) blocked.add(n.text);
      }
      ts.forEachChild(n, check);
    };
    check(sf);
  }
  return [...candidates].filter((name) => !blocked.has(name)).sort();
}

const KEYWORDS = new Set(['do', 'if', 'in']);

/** Every name `code` (JavaScript) uses as a property, and every word inside its strings and templates. */
function propertyNamesIn(code: string): Set<string> {
  const used = new Set<string>();
  const words = (text: string): void => {
    for (const w of text.match(/[A-Za-z_$][\w$]*/g) ?? []) used.add(w);
  };
  const sf = ts.createSourceFile('bundle.js', code, ts.ScriptTarget.ESNext, true, ts.ScriptKind.JS);
  const walk = (n: ts.Node): void => {
    if (ts.isIdentifier(n) || ts.isPrivateIdentifier(n)) {
      if (propertyNamePosition(n as ts.Identifier) || ts.isPrivateIdentifier(n)) used.add(n.text);
    } else if (ts.isStringLiteralLike(n) || ts.isTemplateLiteralToken(n) || ts.isRegularExpressionLiteral(n)) words(n.text);
    ts.forEachChild(n, walk);
  };
  walk(sf);
  return used;
}

/**
 * New names for `names`: the shortest identifiers that `code` does not use as a property name or in a string
 * (so no renamed property can meet a property that keeps its name), longest names first so they get the
 * shortest replacements.
 */
export function shortNames(names: readonly string[], code: string): Record<string, string> {
  if (names.length === 0) return {};
  const used = propertyNamesIn(code);
  const first = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_$';
  const rest = `${first}0123456789`;
  const pool: string[] = [];
  for (const a of first) pool.push(a);
  for (const a of first) for (const b of rest) pool.push(a + b);
  const free = pool.filter((n) => !used.has(n) && !KEYWORDS.has(n));
  const out: Record<string, string> = {};
  const ordered = [...names].sort((a, b) => b.length - a.length || a.localeCompare(b));
  ordered.forEach((name, i) => {
    const short = free[i];
    if (short !== undefined && short.length < name.length) out[name] = short;
  });
  return out;
}
