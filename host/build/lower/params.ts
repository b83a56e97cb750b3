// Lower default, rest and destructured parameters (a syntax error on Espruino: its parser takes a plain
// list of names, espruino/Espruino src/jsparse.c jspeFunctionArguments). They become statements at the
// start of the body:
//   function f(a = 1, {b}, ...c) {}  ->  function f(a, _a) { if (a === void 0) a = 1; var {b} = _a; var c = __slice(arguments, 2); }
// (the destructuring pass then lowers `var {b} = _a`). An arrow with a rest parameter becomes a function
// expression, bound to `this` when it uses it, because arrows have no `arguments`.
import ts from 'typescript';
import type { Helpers } from './helpers.ts';

const f = ts.factory;

type LowerableFunction = ts.FunctionDeclaration | ts.FunctionExpression | ts.ArrowFunction | ts.MethodDeclaration | ts.GetAccessorDeclaration | ts.SetAccessorDeclaration | ts.ConstructorDeclaration;

export function lowerParameters(helpers: Helpers): ts.TransformerFactory<ts.SourceFile> {
  return (context) => {
    const visit = (node: ts.Node): ts.Node => {
      const visited = ts.visitEachChild(node, visit, context);
      if (isLowerable(visited) && visited.parameters.some(needsLowering)) return lower(visited);
      return visited;
    };
    return (sf) => ts.visitEachChild(sf, visit, context);
  };

  function lower(fn: LowerableFunction): ts.Node {
    const params: ts.ParameterDeclaration[] = [];
    const prologue: ts.Statement[] = [];
    fn.parameters.forEach((p, index) => {
      if (p.dotDotDotToken) {
        const rest = f.createCallExpression(helpers.use('__slice'), undefined, [f.createIdentifier('arguments'), f.createNumericLiteral(index)]);
        prologue.push(varStatement(p.name, rest));
        return;
      }
      if (ts.isIdentifier(p.name)) {
        params.push(f.createParameterDeclaration(undefined, undefined, p.name.text));
        if (p.initializer) {
          prologue.push(f.createIfStatement(
            f.createStrictEquality(f.createIdentifier(p.name.text), f.createVoidZero()),
            f.createExpressionStatement(f.createAssignment(f.createIdentifier(p.name.text), p.initializer)),
          ));
        }
        return;
      }
      const temp = f.createUniqueName('_p');
      params.push(f.createParameterDeclaration(undefined, undefined, temp));
      const value = p.initializer
        ? f.createConditionalExpression(f.createStrictEquality(temp, f.createVoidZero()), undefined, p.initializer, undefined, temp)
        : temp;
      prologue.push(varStatement(p.name, value));
    });

    const oldBody = fn.body;
    let statements: ts.Statement[];
    if (!oldBody) statements = prologue;
    else if (ts.isBlock(oldBody)) {
      const directives = oldBody.statements.filter((s, i) => i < countDirectives(oldBody.statements));
      statements = [...directives, ...prologue, ...oldBody.statements.slice(directives.length)];
    } else statements = [...prologue, f.createReturnStatement(oldBody)];
    const body = f.createBlock(statements, true);

    switch (fn.kind) {
      case ts.SyntaxKind.FunctionDeclaration:
        return f.updateFunctionDeclaration(fn, fn.modifiers, fn.asteriskToken, fn.name, fn.typeParameters, params, fn.type, body);
      case ts.SyntaxKind.FunctionExpression:
        return f.updateFunctionExpression(fn, fn.modifiers, fn.asteriskToken, fn.name, fn.typeParameters, params, fn.type, body);
      case ts.SyntaxKind.MethodDeclaration:
        return f.updateMethodDeclaration(fn, fn.modifiers, fn.asteriskToken, fn.name, fn.questionToken, fn.typeParameters, params, fn.type, body);
      case ts.SyntaxKind.GetAccessor:
        return f.updateGetAccessorDeclaration(fn, fn.modifiers, fn.name, params, fn.type, body);
      case ts.SyntaxKind.SetAccessor:
        return f.updateSetAccessorDeclaration(fn, fn.modifiers, fn.name, params, body);
      case ts.SyntaxKind.Constructor:
        return f.updateConstructorDeclaration(fn, fn.modifiers, params, body);
      case ts.SyntaxKind.ArrowFunction: {
        if (!fn.parameters.some((p) => p.dotDotDotToken)) return f.updateArrowFunction(fn, fn.modifiers, fn.typeParameters, params, fn.type, fn.equalsGreaterThanToken, body);
        // `arguments` needs a real function; keep the arrow's `this` with bind
        const expr = f.createFunctionExpression(undefined, undefined, undefined, undefined, params, undefined, body);
        return usesThis(fn.body)
          ? f.createCallExpression(f.createPropertyAccessExpression(f.createParenthesizedExpression(expr), 'bind'), undefined, [f.createThis()])
          : f.createParenthesizedExpression(expr);
      }
    }
  }
}

function isLowerable(n: ts.Node): n is LowerableFunction {
  return ts.isFunctionDeclaration(n) || ts.isFunctionExpression(n) || ts.isArrowFunction(n) || ts.isMethodDeclaration(n) || ts.isGetAccessor(n) || ts.isSetAccessor(n) || ts.isConstructorDeclaration(n);
}

function needsLowering(p: ts.ParameterDeclaration): boolean {
  return !!p.initializer || !!p.dotDotDotToken || !ts.isIdentifier(p.name);
}

function varStatement(name: ts.BindingName, value: ts.Expression): ts.Statement {
  return f.createVariableStatement(undefined, f.createVariableDeclarationList([f.createVariableDeclaration(name, undefined, undefined, value)], ts.NodeFlags.None));
}

function countDirectives(statements: ts.NodeArray<ts.Statement>): number {
  let n = 0;
  while (n < statements.length && ts.isExpressionStatement(statements[n]!) && ts.isStringLiteral((statements[n] as ts.ExpressionStatement).expression)) n++;
  return n;
}

/** Does the code use `this` outside nested regular functions (an arrow's lexical this)? */
export function usesThis(node: ts.Node): boolean {
  let found = false;
  const walk = (n: ts.Node): void => {
    if (found) return;
    if (n.kind === ts.SyntaxKind.ThisKeyword) found = true;
    else if (ts.isFunctionDeclaration(n) || ts.isFunctionExpression(n) || ts.isClassLike(n) || ts.isMethodDeclaration(n) || ts.isAccessor(n)) return;
    else ts.forEachChild(n, walk);
  };
  walk(node);
  return found;
}
