// Code as Espruino 2v29 would take it (facts/espruino.md, "Language subset"). V8 in the sandbox would run
// more than Espruino does, so code is prepared first, that firmware passing here also runs on a board:
// - syntax Espruino does not have is refused as a SyntaxError;
// - function declarations are not hoisted (Espruino issue 274): each becomes `var f = function f(...) {...};`
//   where it stands, so calling it before that point fails as on a board.
// The TypeScript parser reads the code (it parses plain JavaScript); it is loaded on first use.
import { createRequire } from 'node:module';
import type * as TS from 'typescript';

export interface SyntaxProblem {
  /** What is not supported, e.g. "optional chaining (?.)". */
  what: string;
  /** 1-based line and column in the checked code. */
  line: number;
  col: number;
}

let tsLib: typeof TS | undefined;
function ts(): typeof TS {
  tsLib ??= createRequire(import.meta.url)('typescript') as typeof TS;
  return tsLib;
}

export interface PreparedCode {
  /** The code to run (function declarations no longer hoisted). */
  code: string;
  /** The first construct Espruino cannot parse, if any. */
  problem?: SyntaxProblem;
}

/** Check `code` for syntax Espruino lacks and rewrite its function declarations so they are not hoisted. */
export function prepareForEspruino(code: string): PreparedCode {
  if (code.trim() === '') return { code };
  const t = ts();
  const file = t.createSourceFile('code.js', code, t.ScriptTarget.Latest, false, t.ScriptKind.JS);
  let found: SyntaxProblem | undefined;
  const report = (node: TS.Node, what: string): void => {
    if (found) return;
    const { line, character } = file.getLineAndCharacterOfPosition(node.getStart(file));
    found = { what, line: line + 1, col: character + 1 };
  };
  const isPattern = (n: TS.Node): boolean => t.isObjectBindingPattern(n) || t.isArrayBindingPattern(n);
  /** Insertions as [position, text, closes], applied from the end; where a declaration ends right where the
   * next begins, the ';' closing the first goes in front of the 'var' opening the second. */
  const edits: Array<[number, string, boolean]> = [];
  const visit = (node: TS.Node): void => {
    if (found) return;
    const K = t.SyntaxKind;
    switch (node.kind) {
      case K.PrivateIdentifier: return report(node, '#private class members');
      case K.ClassStaticBlockDeclaration: return report(node, 'static {} blocks');
      case K.TaggedTemplateExpression: return report(node, 'tagged templates');
      case K.SpreadElement:
      case K.SpreadAssignment: return report(node, 'spread (...)');
      case K.AwaitExpression: return report(node, 'await');
      case K.YieldExpression: return report(node, 'generators (yield)');
      case K.LabeledStatement: return report(node, 'labelled statements');
      case K.BigIntLiteral: return report(node, 'BigInt literals');
      case K.ComputedPropertyName: return report(node, 'computed property names ({[key]: value})');
      case K.MetaProperty:
        if ((node as TS.MetaProperty).keywordToken === K.NewKeyword) return report(node, 'new.target');
        break;
      case K.Parameter: {
        const p = node as TS.ParameterDeclaration;
        if (p.dotDotDotToken) return report(node, 'rest parameters (...)');
        if (p.initializer) return report(node, 'default parameters');
        if (isPattern(p.name)) return report(node, 'destructuring');
        break;
      }
      case K.VariableDeclaration:
        if (isPattern((node as TS.VariableDeclaration).name)) return report(node, 'destructuring');
        break;
      case K.BinaryExpression: {
        const b = node as TS.BinaryExpression;
        const op = b.operatorToken.kind;
        if (op === K.AsteriskAsteriskToken || op === K.AsteriskAsteriskEqualsToken) return report(b.operatorToken, 'the ** operator');
        if (op === K.QuestionQuestionEqualsToken) return report(b.operatorToken, 'the ??= operator');
        if (op === K.BarBarEqualsToken) return report(b.operatorToken, 'the ||= operator');
        if (op === K.AmpersandAmpersandEqualsToken) return report(b.operatorToken, 'the &&= operator');
        if (op === K.EqualsToken && (t.isObjectLiteralExpression(b.left) || t.isArrayLiteralExpression(b.left))) return report(b.left, 'destructuring');
        break;
      }
      case K.PropertyAccessExpression:
      case K.ElementAccessExpression:
      case K.CallExpression:
        if ((node as TS.PropertyAccessExpression).questionDotToken) return report(node, 'optional chaining (?.)');
        break;
      case K.FunctionDeclaration: {
        const f = node as TS.FunctionDeclaration;
        if (f.name && f.body) {
          edits.push([f.getStart(file), `var ${f.name.text} = `, false], [f.end, ';', true]);
        }
      }
      // falls through
      case K.FunctionExpression:
      case K.MethodDeclaration:
      case K.ArrowFunction: {
        const f = node as TS.FunctionLikeDeclarationBase;
        if (t.getModifiers(node as TS.HasModifiers)?.some((m) => m.kind === K.AsyncKeyword)) return report(node, 'async functions');
        if (f.asteriskToken) return report(node, 'generators (function*)');
        break;
      }
    }
    t.forEachChild(node, visit);
  };
  visit(file);
  if (found) return { code, problem: found };
  let out = code;
  edits.sort((a, b) => b[0] - a[0] || Number(a[2]) - Number(b[2]));
  for (const [at, text] of edits) out = out.slice(0, at) + text + out.slice(at);
  return { code: out };
}

/** The first construct in `code` that Espruino cannot parse, or undefined. */
export function findUnsupportedSyntax(code: string): SyntaxProblem | undefined {
  return prepareForEspruino(code).problem;
}
