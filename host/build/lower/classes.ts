// Lower classes with inheritance to a constructor function and prototype assignments. Espruino parses
// classes, but inherited statics are missing, `super.m()` three levels deep recurses forever (Espruino issue
// 1529) and `extends` only takes a plain name; explicit `Base.prototype.m.call(this)` has none of these
// problems. A class that extends nothing and that nothing extends stays a class (smaller, and it works:
// docs/espruino.md), unless its members need names Espruino's class parser cannot read.
// A lowered class becomes:
//   function C(a) { Base.call(this, a); ... }      (the constructor; hoisted later like any function)
//   __extends(C, Base);                            (statics copied, prototype chained)
//   C.prototype.m = function () { ... };           (methods)
//   Object.defineProperty(C.prototype, "g", {get: ..., set: ..., configurable: true});
import ts from 'typescript';
import type { Helpers } from './helpers.ts';
import { ESPRUINO_KEYWORDS } from '../../../core/espruino/facts.ts';

const f = ts.factory;

export function lowerClasses(helpers: Helpers): ts.TransformerFactory<ts.SourceFile> {
  return (context) => {
    /** Names that some class extends: those bases are lowered too, so `Base.call(this)` works everywhere. */
    const extended = new Set<string>();
    const keep = (cls: ts.ClassLikeDeclaration, ...names: Array<ts.Identifier | undefined>): boolean =>
      !cls.heritageClauses?.some((h) => h.token === ts.SyntaxKind.ExtendsKeyword)
      && names.every((n) => !n || !extended.has(n.text))
      && cls.members.every((m) => (ts.isMethodDeclaration(m) || ts.isConstructorDeclaration(m) || ts.isAccessor(m) || ts.isSemicolonClassElement(m))
        && (!m.name || (ts.isIdentifier(m.name) && !ESPRUINO_KEYWORDS.has(m.name.text))));
    const visit = (node: ts.Node): ts.VisitResult<ts.Node | undefined> => {
      // `var X = class [Y] {...}` (esbuild's form for top-level classes) and class declarations: flat statements
      if (ts.isVariableStatement(node) && node.declarationList.declarations.length === 1) {
        const d = node.declarationList.declarations[0]!;
        if (ts.isIdentifier(d.name) && d.initializer && ts.isClassExpression(d.initializer)) {
          const cls = d.initializer;
          if (keep(cls, d.name, cls.name)) return ts.visitEachChild(node, visit, context);
          const name = cls.name ?? d.name;
          const out = classStatements(cls, name);
          if (name.text !== d.name.text) {
            out.push(f.createVariableStatement(undefined, f.createVariableDeclarationList([f.createVariableDeclaration(d.name, undefined, undefined, f.createIdentifier(name.text))], node.declarationList.flags)));
          }
          return out.map((s) => ts.visitEachChild(s, visit, context) as ts.Statement);
        }
      }
      if (ts.isClassLike(node) && keep(node, node.name)) return ts.visitEachChild(node, visit, context);
      if (ts.isClassDeclaration(node)) {
        const name = node.name ?? f.createUniqueName('_class');
        return classStatements(node, name).map((s) => ts.visitEachChild(s, visit, context) as ts.Statement);
      }
      if (ts.isClassExpression(node)) {
        const name = node.name ?? f.createUniqueName('_class');
        const body = [...classStatements(node, name), f.createReturnStatement(f.createIdentifier(name.text))];
        const iife = f.createCallExpression(f.createParenthesizedExpression(f.createArrowFunction(undefined, undefined, [], undefined, undefined, f.createBlock(body, true))), undefined, []);
        return ts.visitEachChild(iife, visit, context);
      }
      return ts.visitEachChild(node, visit, context);
    };
    return (sf) => {
      // classes that are extended, or constructed with spread arguments (__new calls them as functions)
      const aliases = new Map<string, string>();
      const collect = (n: ts.Node): void => {
        if (ts.isHeritageClause(n) && n.token === ts.SyntaxKind.ExtendsKeyword) {
          for (const t of n.types) if (ts.isIdentifier(t.expression)) extended.add(t.expression.text);
        }
        if (ts.isNewExpression(n) && ts.isIdentifier(n.expression) && n.arguments?.some(ts.isSpreadElement)) extended.add(n.expression.text);
        if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.initializer && ts.isIdentifier(n.initializer)) aliases.set(n.name.text, n.initializer.text);
        ts.forEachChild(n, collect);
      };
      collect(sf);
      // esbuild writes `var _A = class _A {..}; var A = _A;`: extending A extends _A
      for (const name of [...extended]) {
        for (let a = aliases.get(name), hops = 0; a && hops < 10; a = aliases.get(a), hops++) extended.add(a);
      }
      return ts.visitEachChild(sf, visit, context);
    };
  };

  function classStatements(cls: ts.ClassLikeDeclaration, name: ts.Identifier): ts.Statement[] {
    const nameRef = (): ts.Identifier => f.createIdentifier(name.text);
    const heritage = cls.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]?.expression;
    const base = heritage ? (): ts.Expression => cloneExpr(heritage) : undefined;
    const out: ts.Statement[] = [];
    const ctor = cls.members.find((m): m is ts.ConstructorDeclaration => ts.isConstructorDeclaration(m) && !!m.body);
    const instanceFields = cls.members.filter((m): m is ts.PropertyDeclaration => ts.isPropertyDeclaration(m) && !isStatic(m) && !!m.initializer);
    const fieldInits = instanceFields.map((p) => f.createExpressionStatement(f.createAssignment(memberOf(f.createThis(), p.name), p.initializer!)));

    // the constructor function
    let params: ts.NodeArray<ts.ParameterDeclaration> | ts.ParameterDeclaration[] = [];
    let body: ts.Statement[];
    if (ctor) {
      params = ctor.parameters;
      body = [...ctor.body!.statements].map((s) => replaceSuper(s, base, false) as ts.Statement);
      if (fieldInits.length > 0) {
        const at = base ? body.findIndex(callsBaseConstructor) + 1 : 0;
        body.splice(at, 0, ...fieldInits);
      }
    } else {
      body = [];
      if (base) body.push(f.createExpressionStatement(f.createCallExpression(f.createPropertyAccessExpression(base(), 'apply'), undefined, [f.createThis(), f.createIdentifier('arguments')])));
      body.push(...fieldInits);
    }
    out.push(f.createFunctionDeclaration(undefined, undefined, nameRef(), undefined, params, undefined, f.createBlock(body, true)));
    if (base) out.push(f.createExpressionStatement(f.createCallExpression(helpers.use('__extends'), undefined, [nameRef(), base()])));

    // methods and accessors, in source order; with several, the prototype gets a short local name
    const protoUses = cls.members.filter((m) => !isStatic(m) && (ts.isMethodDeclaration(m) || ts.isAccessor(m)) && m.body).length;
    let protoName: ts.Identifier | undefined;
    if (protoUses >= 2) {
      protoName = f.createUniqueName('_proto');
      out.push(f.createVariableStatement(undefined, f.createVariableDeclarationList([f.createVariableDeclaration(protoName, undefined, undefined, f.createPropertyAccessExpression(nameRef(), 'prototype'))], ts.NodeFlags.None)));
    }
    const accessors = new Map<string, { target: ts.Expression; key: ts.Expression; get?: ts.FunctionExpression; set?: ts.FunctionExpression; index: number }>();
    for (const m of cls.members) {
      const stat = isStatic(m);
      const target = (): ts.Expression => (stat ? nameRef() : protoName ?? f.createPropertyAccessExpression(nameRef(), 'prototype'));
      if (ts.isMethodDeclaration(m) && m.body) {
        const fn = f.createFunctionExpression(undefined, undefined, undefined, undefined, m.parameters, undefined, replaceSuper(m.body, base, stat) as ts.Block);
        out.push(f.createExpressionStatement(f.createAssignment(memberOf(target(), m.name), fn)));
      } else if ((ts.isGetAccessor(m) || ts.isSetAccessor(m)) && m.body) {
        const keyText = `${stat ? 'static:' : ''}${propertyKeyText(m.name)}`;
        let entry = accessors.get(keyText);
        if (!entry) {
          entry = { target: target(), key: keyExpression(m.name), index: out.length };
          accessors.set(keyText, entry);
          out.push(f.createEmptyStatement()); // placeholder, filled below
        }
        const fn = f.createFunctionExpression(undefined, undefined, undefined, undefined, m.parameters, undefined, replaceSuper(m.body, base, stat) as ts.Block);
        if (ts.isGetAccessor(m)) entry.get = fn;
        else entry.set = fn;
      } else if (ts.isPropertyDeclaration(m) && stat && m.initializer) {
        out.push(f.createExpressionStatement(f.createAssignment(memberOf(nameRef(), m.name), replaceSuper(m.initializer, base, true) as ts.Expression)));
      } else if (ts.isClassStaticBlockDeclaration(m)) {
        // esbuild emits these for static fields at some targets: run the block with `this` = the class
        const fn = f.createFunctionExpression(undefined, undefined, undefined, undefined, [], undefined, replaceSuper(m.body, base, true) as ts.Block);
        out.push(f.createExpressionStatement(f.createCallExpression(f.createPropertyAccessExpression(f.createParenthesizedExpression(fn), 'call'), undefined, [nameRef()])));
      }
    }
    for (const a of accessors.values()) {
      const props: ts.ObjectLiteralElementLike[] = [];
      if (a.get) props.push(f.createPropertyAssignment('get', a.get));
      if (a.set) props.push(f.createPropertyAssignment('set', a.set));
      props.push(f.createPropertyAssignment('configurable', f.createTrue()));
      out[a.index] = f.createExpressionStatement(f.createCallExpression(
        f.createPropertyAccessExpression(f.createIdentifier('Object'), 'defineProperty'), undefined,
        [a.target, a.key, f.createObjectLiteralExpression(props, false)],
      ));
    }
    return out;
  }

  /** super(...) -> Base.call(this, ...); super.m(...) -> Base.prototype.m.call(this, ...); super.x -> Base.prototype.x. */
  function replaceSuper(node: ts.Node, base: (() => ts.Expression) | undefined, isStatic: boolean): ts.Node {
    if (!base) return node;
    const home = (): ts.Expression => (isStatic ? base() : f.createPropertyAccessExpression(base(), 'prototype'));
    const visit = (n: ts.Node): ts.Node => {
      // regular functions and nested classes have their own `super`
      if (ts.isFunctionDeclaration(n) || ts.isFunctionExpression(n) || ts.isClassLike(n)) return n;
      if (ts.isCallExpression(n) && n.expression.kind === ts.SyntaxKind.SuperKeyword) {
        const args = n.arguments.map((a) => ts.visitNode(a, visit) as ts.Expression);
        if (args.some(ts.isSpreadElement)) {
          return f.createCallExpression(f.createPropertyAccessExpression(base(), 'apply'), undefined, [f.createThis(), f.createArrayLiteralExpression(args)]);
        }
        return f.createCallExpression(f.createPropertyAccessExpression(base(), 'call'), undefined, [f.createThis(), ...args]);
      }
      if (ts.isCallExpression(n) && isSuperMember(n.expression)) {
        const callee = superMember(n.expression as ts.PropertyAccessExpression | ts.ElementAccessExpression, home, visit);
        const args = n.arguments.map((a) => ts.visitNode(a, visit) as ts.Expression);
        if (args.some(ts.isSpreadElement)) {
          return f.createCallExpression(f.createPropertyAccessExpression(callee, 'apply'), undefined, [f.createThis(), f.createArrayLiteralExpression(args)]);
        }
        return f.createCallExpression(f.createPropertyAccessExpression(callee, 'call'), undefined, [f.createThis(), ...args]);
      }
      if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken && isSuperMember(n.left)) {
        // assigning to super.x sets this.x
        const left = n.left as ts.PropertyAccessExpression | ts.ElementAccessExpression;
        const target = ts.isPropertyAccessExpression(left) ? f.createPropertyAccessExpression(f.createThis(), left.name.text) : f.createElementAccessExpression(f.createThis(), ts.visitNode(left.argumentExpression, visit) as ts.Expression);
        return f.createAssignment(target, ts.visitNode(n.right, visit) as ts.Expression);
      }
      if (isSuperMember(n)) return superMember(n as ts.PropertyAccessExpression | ts.ElementAccessExpression, home, visit);
      return ts.visitEachChild(n, visit, undefined);
    };
    return visit(node);
  }
}

function isSuperMember(n: ts.Node): boolean {
  return (ts.isPropertyAccessExpression(n) || ts.isElementAccessExpression(n)) && n.expression.kind === ts.SyntaxKind.SuperKeyword;
}

function superMember(n: ts.PropertyAccessExpression | ts.ElementAccessExpression, home: () => ts.Expression, visit: (n: ts.Node) => ts.Node): ts.Expression {
  return ts.isPropertyAccessExpression(n)
    ? f.createPropertyAccessExpression(home(), n.name.text)
    : f.createElementAccessExpression(home(), ts.visitNode(n.argumentExpression, visit) as ts.Expression);
}

/** Does the statement call the base constructor (`Base.call(this, ...)` after super() was replaced)? */
function callsBaseConstructor(s: ts.Statement): boolean {
  let found = false;
  const walk = (n: ts.Node): void => {
    if (found) return;
    if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && (n.expression.name.text === 'call' || n.expression.name.text === 'apply') && n.arguments[0]?.kind === ts.SyntaxKind.ThisKeyword) found = true;
    else if (!ts.isFunctionLike(n) || ts.isArrowFunction(n)) ts.forEachChild(n, walk);
  };
  walk(s);
  return found;
}

function isStatic(m: ts.ClassElement): boolean {
  return !!(ts.canHaveModifiers(m) && ts.getModifiers(m)?.some((x) => x.kind === ts.SyntaxKind.StaticKeyword));
}

/** obj.name / obj["name"] / obj[expr] for a class member name. */
function memberOf(obj: ts.Expression, name: ts.PropertyName): ts.Expression {
  if (ts.isIdentifier(name)) return f.createPropertyAccessExpression(obj, name.text);
  if (ts.isStringLiteral(name) && /^[A-Za-z_$][\w$]*$/.test(name.text)) return f.createPropertyAccessExpression(obj, name.text);
  return f.createElementAccessExpression(obj, keyExpression(name));
}

function keyExpression(name: ts.PropertyName): ts.Expression {
  if (ts.isIdentifier(name) || ts.isPrivateIdentifier(name)) return f.createStringLiteral(name.text);
  if (ts.isStringLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name)) return f.createStringLiteral(name.text);
  if (ts.isNumericLiteral(name)) return f.createNumericLiteral(name.text);
  if (ts.isComputedPropertyName(name)) return name.expression;
  return f.createStringLiteral((name as unknown as { text: string }).text);
}

function propertyKeyText(name: ts.PropertyName): string {
  if (ts.isComputedPropertyName(name)) return `[${name.expression.pos}]`;
  return (name as ts.Identifier).text;
}

function cloneExpr(e: ts.Expression): ts.Expression {
  if (ts.isIdentifier(e)) return f.createIdentifier(e.text);
  if (ts.isPropertyAccessExpression(e)) return f.createPropertyAccessExpression(cloneExpr(e.expression), e.name.text);
  return e;
}
