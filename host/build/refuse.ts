// The refusal pass: find, in the firmware's TypeScript, every construct Espruino cannot run and the
// compiler cannot lower, and say where it is and what to write instead. Type information tells a
// built-in `Map` from a user's own, and `xs.at(0)` on an array from a method called `at` on a user class.
// What is refused, and why, is the facts module core/espruino (docs/espruino.md).
import ts from 'typescript';
import { displayPath, type BuildDiagnostic } from './diagnostic.ts';
import {
  BUILTIN_CONSTRUCTORS, ERROR_CONSTRUCTORS, ESPRUINO_ONLY_RESERVED, MISSING_GLOBALS, MISSING_METHODS, MISSING_STATICS,
} from '../../core/espruino/facts.ts';
import type { FirmwareProgram } from './typecheck.ts';
import { refuseUnsupportedRegexes } from './regex-check.ts';
import { refuseDifferingArguments } from './refuse-arguments.ts';

/** The typings scripts/typings/generate.ts writes from Espruino's sources (and `espkit init` copies), by their first line. */
const ESPRUINO_TYPINGS_HEADER = '// Generated from Espruino ';

function isEspruinoTypings(sf: ts.SourceFile): boolean {
  return sf.isDeclarationFile && sf.text.startsWith(ESPRUINO_TYPINGS_HEADER);
}

const TYPED_ARRAYS = new Set(['Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array', 'Float32Array', 'Float64Array']);

export function refuseUnsupported(fp: FirmwareProgram, root: string): BuildDiagnostic[] {
  const checker = fp.program.getTypeChecker();
  const out: BuildDiagnostic[] = [];
  for (const sf of fp.sources) walkFile(sf);
  out.push(...refuseUnsupportedRegexes(fp, root));
  out.push(...refuseDifferingArguments(fp, root));
  return out;

  function walkFile(sf: ts.SourceFile): void {
    const file = displayPath(root, sf.fileName);
    const refuse = (node: ts.Node, message: string, hint?: string): void => {
      const pos = sf.getLineAndCharacterOfPosition(node.getStart(sf));
      out.push({ file, line: pos.line + 1, column: pos.character + 1, message, hint, kind: 'refused' });
    };
    const visit = (node: ts.Node): void => {
      check(node, refuse);
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }

  /**
   * True when the symbol is a built-in, not the user's: declared by the TypeScript lib, and otherwise only by the
   * generated Espruino typings, which add Espruino's own members to the lib's interfaces (Date, Error, Math...).
   */
  function isBuiltin(symbol: ts.Symbol | undefined): boolean {
    const decls = symbol?.declarations;
    if (!decls || decls.length === 0) return false;
    const fromLib = (d: ts.Declaration): boolean => fp.program.isSourceFileDefaultLibrary(d.getSourceFile());
    return decls.some(fromLib) && decls.every((d) => fromLib(d) || isEspruinoTypings(d.getSourceFile()));
  }

  function builtinName(expr: ts.Expression): string | undefined {
    if (!ts.isIdentifier(expr)) return undefined;
    return isBuiltin(checker.getSymbolAtLocation(expr)) ? expr.text : undefined;
  }

  /** The lib interface that declares a property (Array, String, Promise...), when it is a built-in one. */
  function ownerInterface(symbol: ts.Symbol | undefined): string | undefined {
    for (const d of symbol?.declarations ?? []) {
      if (!fp.program.isSourceFileDefaultLibrary(d.getSourceFile())) return undefined;
      const parent = d.parent;
      if (parent && (ts.isInterfaceDeclaration(parent) || ts.isClassDeclaration(parent)) && parent.name) return parent.name.text;
    }
    return undefined;
  }

  /** Espruino iterates (for..of, spread, array destructuring) arrays, strings and typed arrays only. */
  function isIndexable(type: ts.Type): boolean {
    if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.Never)) return true;
    if (type.isUnion()) return type.types.every(isIndexable);
    if (type.flags & ts.TypeFlags.StringLike) return true;
    if (checker.isArrayType(type) || checker.isTupleType(type)) return true;
    const name = type.getSymbol()?.getName();
    if (name && (TYPED_ARRAYS.has(name) || name === 'IArguments')) return true;
    if (type.isTypeParameter()) {
      const constraint = checker.getBaseConstraintOfType(type);
      return constraint ? isIndexable(constraint) : true;
    }
    return false;
  }

  function check(node: ts.Node, refuse: (n: ts.Node, m: string, h?: string) => void): void {
    // --- syntax Espruino cannot parse and the compiler does not lower
    if (ts.canHaveModifiers(node)) {
      for (const m of ts.getModifiers(node) ?? []) {
        if (m.kind === ts.SyntaxKind.AsyncKeyword) refuse(m, 'async functions are not supported by Espruino', 'return a Promise and chain .then() instead of await');
        if (m.kind === ts.SyntaxKind.AccessorKeyword) refuse(m, 'auto-accessor fields are not supported', 'write a getter and setter over a normal property');
      }
    }
    if (ts.canHaveDecorators(node)) {
      for (const d of ts.getDecorators(node) ?? []) refuse(d, 'decorators are not supported', 'call the function on the class or method after it is defined');
    }
    switch (node.kind) {
      case ts.SyntaxKind.AwaitExpression:
        refuse(node, 'await is not supported by Espruino', 'chain .then() on the Promise');
        return;
      case ts.SyntaxKind.YieldExpression:
        refuse(node, 'generators are not supported by Espruino', 'use a callback or an object with a next() method');
        return;
      case ts.SyntaxKind.LabeledStatement:
        refuse(node, 'labelled statements (labelled break/continue) are not supported by Espruino', 'use a flag variable, or move the loops into a function and return');
        return;
      case ts.SyntaxKind.PrivateIdentifier:
        refuse(node, '#private names are a syntax error on Espruino', 'use a normal property (private in TypeScript if you like)');
        return;
      case ts.SyntaxKind.ClassStaticBlockDeclaration:
        refuse(node, 'static {} blocks are a syntax error on Espruino', 'put the code after the class');
        return;
      case ts.SyntaxKind.MetaProperty: {
        const mp = node as ts.MetaProperty;
        if (mp.keywordToken === ts.SyntaxKind.NewKeyword) refuse(node, 'new.target is a syntax error on Espruino', 'pass what you need as a constructor argument');
        else refuse(node, 'import.meta is not available on Espruino', 'the firmware is one bundled file: use constants');
        return;
      }
      case ts.SyntaxKind.TaggedTemplateExpression:
        refuse(node, 'tagged templates are a syntax error on Espruino', 'call the function with the string and values as arguments');
        return;
      case ts.SyntaxKind.BigIntLiteral:
        refuse(node, 'BigInt is not defined on Espruino', MISSING_GLOBALS.BigInt);
        return;
      case ts.SyntaxKind.ForOfStatement: {
        const f = node as ts.ForOfStatement;
        if (f.awaitModifier) refuse(f.awaitModifier, 'for await is not supported by Espruino', 'chain .then() on each Promise');
        else if (!isIndexable(checker.getTypeAtLocation(f.expression))) refuse(f.expression, 'for..of only iterates arrays, strings and typed arrays on Espruino', 'iterate an array (Object.keys/values/entries give arrays)');
        break;
      }
      case ts.SyntaxKind.SpreadElement: {
        const s = node as ts.SpreadElement;
        if (!isIndexable(checker.getTypeAtLocation(s.expression))) refuse(s, 'spreading a value that is not an array, string or typed array is not supported', 'convert it to an array first');
        break;
      }
      case ts.SyntaxKind.ArrayBindingPattern: {
        const p = node as ts.ArrayBindingPattern;
        const t = checker.getTypeAtLocation(p);
        if (!isIndexable(t)) refuse(p, 'array destructuring only works on arrays, strings and typed arrays on Espruino', 'index the value directly');
        break;
      }
      case ts.SyntaxKind.SwitchStatement: {
        const clauses = (node as ts.SwitchStatement).caseBlock.clauses;
        const d = clauses.findIndex((c) => c.kind === ts.SyntaxKind.DefaultClause);
        if (d >= 0 && d < clauses.length - 1) refuse(clauses[d + 1]!, 'a case after default is not supported by Espruino', 'put the default clause last');
        break;
      }
      case ts.SyntaxKind.CallExpression: {
        const call = node as ts.CallExpression;
        if (call.expression.kind === ts.SyntaxKind.ImportKeyword) refuse(call, 'dynamic import() is not supported', 'import the module statically: the firmware is one bundled file');
        checkCall(call, refuse);
        break;
      }
      case ts.SyntaxKind.NewExpression: {
        const n = node as ts.NewExpression;
        const name = builtinName(n.expression);
        if (name && n.arguments?.some(ts.isSpreadElement)) refuse(n, `new ${name}(...args) cannot be lowered for a built-in constructor`, 'pass the arguments one by one');
        break;
      }
      case ts.SyntaxKind.BinaryExpression: {
        const b = node as ts.BinaryExpression;
        if (b.operatorToken.kind === ts.SyntaxKind.InstanceOfKeyword) {
          const name = builtinName(b.right);
          if (name && ERROR_CONSTRUCTORS.has(name)) refuse(b, `instanceof ${name} is false for built-in errors on Espruino`, 'test the value instead, e.g. e && typeof e.message === "string"');
        }
        break;
      }
      case ts.SyntaxKind.HeritageClause: {
        const h = node as ts.HeritageClause;
        if (h.token !== ts.SyntaxKind.ExtendsKeyword || !ts.isClassLike(h.parent)) break;
        for (const t of h.types) {
          if (t.expression.kind === ts.SyntaxKind.NullKeyword) refuse(t, 'extends null is not supported', 'leave out the extends clause');
          const name = builtinName(t.expression);
          if (name && ERROR_CONSTRUCTORS.has(name)) refuse(t, `class extends ${name} is broken on Espruino (instanceof fails, the name is lost)`, 'throw a plain Error and add fields to it, or use your own class that does not extend Error');
          else if (name) refuse(t, `extending the built-in ${name} is not supported`, `wrap a ${name} in a property instead`);
          else if (!ts.isIdentifier(t.expression) && !ts.isPropertyAccessExpression(t.expression)) refuse(t, 'a class can only extend a named class here', 'assign the base class to a const first');
        }
        break;
      }
      case ts.SyntaxKind.VariableDeclarationList: {
        const flags = (node as ts.VariableDeclarationList).flags;
        if (flags & ts.NodeFlags.Using) refuse(node, '"using" declarations are not supported', 'call the dispose function in a finally block');
        break;
      }
      case ts.SyntaxKind.Identifier:
        checkIdentifier(node as ts.Identifier, refuse);
        break;
      case ts.SyntaxKind.PropertyAccessExpression:
        checkMember(node as ts.PropertyAccessExpression, (node as ts.PropertyAccessExpression).name.text, (node as ts.PropertyAccessExpression).name, refuse);
        break;
      case ts.SyntaxKind.ElementAccessExpression: {
        const e = node as ts.ElementAccessExpression;
        if (ts.isStringLiteralLike(e.argumentExpression)) checkMember(e, e.argumentExpression.text, e.argumentExpression, refuse);
        break;
      }
      case ts.SyntaxKind.ObjectLiteralExpression:
        checkDescriptor(node as ts.ObjectLiteralExpression, refuse);
        break;
    }
    if ((ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isMethodDeclaration(node)) && node.asteriskToken) {
      refuse(node.asteriskToken, 'generator functions are a syntax error on Espruino', 'use a callback or an object with a next() method');
    }
  }

  function checkIdentifier(id: ts.Identifier, refuse: (n: ts.Node, m: string, h?: string) => void): void {
    const parent = id.parent;
    // a declared name that Espruino's lexer reserves
    if (ESPRUINO_ONLY_RESERVED.has(id.text) && parent && isDeclarationName(id)) {
      refuse(id, `"${id.text}" is a reserved word on Espruino and cannot name a variable`, `rename it (e.g. ${id.text}_)`);
      return;
    }
    if (!isValueReference(id)) return;
    if (id.text === 'arguments') {
      let fn: ts.Node | undefined = parent;
      while (fn && !ts.isFunctionLike(fn)) fn = fn.parent;
      if (fn && ts.isArrowFunction(fn)) refuse(id, '"arguments" inside an arrow function is undefined on Espruino', 'give the arrow a rest parameter (...args)');
      return;
    }
    const hint = MISSING_GLOBALS[id.text];
    const symbol = checker.getSymbolAtLocation(id);
    // a built-in of the TypeScript lib, or a name no typing declares (TextEncoder is only in the DOM lib)
    if (hint !== undefined && (symbol === undefined || isBuiltin(symbol))) refuse(id, `${id.text} is not defined on Espruino`, hint);
  }

  function checkMember(node: ts.PropertyAccessExpression | ts.ElementAccessExpression, member: string, at: ts.Node, refuse: (n: ts.Node, m: string, h?: string) => void): void {
    const object = node.expression;
    // Builtin.staticMember (Array.from, Object.freeze, Number.isInteger, Math.trunc, Promise.race...)
    const owner = builtinName(object);
    if (owner) {
      const hint = MISSING_STATICS[owner]?.[member];
      if (hint !== undefined) {
        refuse(node, `${owner}.${member} is missing on Espruino`, hint);
        return;
      }
    }
    // Builtin.prototype.method reads give undefined (Espruino issue 159)
    if (ts.isPropertyAccessExpression(object) && object.name.text === 'prototype') {
      const ctor = builtinName(object.expression);
      if (ctor && BUILTIN_CONSTRUCTORS.has(ctor) && !isAssignmentTarget(node)) {
        refuse(node, `reading ${ctor}.prototype.${member} gives undefined on Espruino`, ctor === 'Array' ? `call it on an instance: [].${member}.call(x)` : `call it on an instance of ${ctor}`);
        return;
      }
    }
    // instance methods Espruino lacks, found by the lib interface that declares them
    const symbol = checker.getSymbolAtLocation(ts.isPropertyAccessExpression(node) ? node.name : node.argumentExpression);
    let iface = ownerInterface(symbol);
    if (!symbol && !iface) {
      // a method newer than the lib (findLast is ES2023): name it by the type it was looked up on
      const t = checker.getApparentType(checker.getTypeAtLocation(object));
      const name = t.getSymbol()?.getName();
      if (name && MISSING_METHODS[name]?.[member] !== undefined) iface = name;
    }
    if (iface) {
      const hint = MISSING_METHODS[iface]?.[member];
      if (hint !== undefined) {
        refuse(at, `${iface === 'ReadonlyArray' ? 'Array' : iface}.prototype.${member} is missing on Espruino`, hint);
        return;
      }
      if (iface === 'Function' && member === 'name') refuse(at, 'Function.name is undefined on Espruino', 'store the name in a property or constant');
    }
  }

  function checkCall(call: ts.CallExpression, refuse: (n: ts.Node, m: string, h?: string) => void): void {
    const callee = call.expression;
    if (!ts.isPropertyAccessExpression(callee)) return;
    const name = callee.name.text;
    // JSON.parse(text, reviver): the reviver is ignored
    if (name === 'parse' && builtinName(callee.expression) === 'JSON' && call.arguments.length > 1) {
      refuse(call.arguments[1]!, 'the reviver of JSON.parse is ignored by Espruino', 'walk the parsed value afterwards');
      return;
    }
    // "s".replace("x", fn) inserts the function's source text on Espruino
    if ((name === 'replace' || name === 'replaceAll') && ownerInterface(checker.getSymbolAtLocation(callee.name)) === 'String' && call.arguments.length >= 2) {
      const pattern = checker.getTypeAtLocation(call.arguments[0]!);
      const replacement = checker.getTypeAtLocation(call.arguments[1]!);
      if ((pattern.flags & ts.TypeFlags.StringLike) && replacement.getCallSignatures().length > 0) {
        refuse(call.arguments[0]!, `${name}(string, function) inserts the function's source text on Espruino`, 'use a RegExp pattern: s.replace(/x/g, fn)');
      }
    }
  }

  /** Object.defineProperty(o, k, {enumerable: false}): Espruino still lists the property in Object.keys. */
  function checkDescriptor(obj: ts.ObjectLiteralExpression, refuse: (n: ts.Node, m: string, h?: string) => void): void {
    for (const p of obj.properties) {
      if (ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === 'enumerable' && p.initializer.kind === ts.SyntaxKind.FalseKeyword) {
        const call = obj.parent;
        if (call && ts.isCallExpression(call) && ts.isPropertyAccessExpression(call.expression) && builtinName(call.expression.expression) === 'Object') {
          refuse(p, 'enumerable: false is ignored by Espruino (Object.keys and for..in still list the property)', 'keep hidden data in a separate object');
        }
      }
    }
  }
}

function isDeclarationName(id: ts.Identifier): boolean {
  const p = id.parent;
  return (ts.isVariableDeclaration(p) || ts.isParameter(p) || ts.isFunctionDeclaration(p) || ts.isClassDeclaration(p) || ts.isBindingElement(p) || ts.isFunctionExpression(p) || ts.isClassExpression(p)) && p.name === id;
}

/** An identifier read or written as a value (not a property name, a type, or a declaration). */
function isValueReference(id: ts.Identifier): boolean {
  const p = id.parent;
  if (!p) return false;
  if (ts.isPropertyAccessExpression(p) && p.name === id) return false;
  if ((ts.isPropertyAssignment(p) || ts.isMethodDeclaration(p) || ts.isPropertyDeclaration(p) || ts.isGetAccessor(p) || ts.isSetAccessor(p) || ts.isPropertySignature(p) || ts.isMethodSignature(p) || ts.isEnumMember(p)) && p.name === id) return false;
  if (ts.isBindingElement(p) && p.propertyName === id) return false;
  if (isDeclarationName(id)) return false;
  if (ts.isImportSpecifier(p) || ts.isExportSpecifier(p) || ts.isImportClause(p) || ts.isNamespaceImport(p)) return false;
  if (ts.isLabeledStatement(p) || ts.isBreakOrContinueStatement(p)) return false;
  for (let n: ts.Node | undefined = p; n; n = n.parent) {
    if (ts.isTypeNode(n) && !ts.isExpressionWithTypeArguments(n)) return false;
    if (ts.isTypeAliasDeclaration(n) || ts.isInterfaceDeclaration(n)) return false;
    if (ts.isExpressionWithTypeArguments(n) && ts.isHeritageClause(n.parent) && n.parent.token === ts.SyntaxKind.ImplementsKeyword) return false;
    if (ts.isStatement(n) || ts.isSourceFile(n)) break;
  }
  return true;
}

function isAssignmentTarget(node: ts.Node): boolean {
  const p = node.parent;
  return !!p && ts.isBinaryExpression(p) && p.left === node && p.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && p.operatorToken.kind <= ts.SyntaxKind.LastAssignment;
}
