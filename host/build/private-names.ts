// Short names for the firmware's private class members, given to the minifier as property renames.
//
// Espruino keeps every function's code in memory while it can run, and every instance property's name beside
// its value, so `this.inflight` costs more than `this.a`. The minifier shortens variables but not property
// names: a property may be read by code it cannot see (an Espruino API reading an options object, JSON, a
// Storage file). A TypeScript `private` member is different: the type checker allows it to be named only
// inside its class. So a name is renamed only when every place in the program that names a property by it
// (accesses, object keys, declarations, the typings of the Espruino API) is a private member of a class, and
// no string literal in the program spells it (`obj["name"]` or `"name" in obj` would miss the rename).
// Code that walks an instance's keys (for-in, Object.keys, JSON.stringify of an instance) would see the new
// names; the firmware does not do that with its classes.
import ts from 'typescript';

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
      if ((ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) && candidates.has(n.text)) blocked.add(n.text);
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
