// Code as Espruino 2v29 would take it (facts/espruino.md, "Language subset"). V8 in the sandbox would run
// more than Espruino does, so code is prepared first, that firmware passing here also runs on a board:
// - syntax Espruino does not have is refused as a SyntaxError;
// - function declarations are not hoisted (Espruino issue 274): each becomes `var f = function f(...) {...};`
//   where it stands, so calling it before that point fails as on a board;
// - `for (let i = ...; ...)` has ONE binding for all iterations (closures see the last value): the
//   declaration moves in front of the loop, `{let i = ...; for (; ...) ...}`;
// - `arguments` inside an arrow function is undefined.
// The TypeScript parser reads the code (it parses plain JavaScript); it is loaded on first use.
import { createRequire } from 'node:module';
import type * as TS from 'typescript';
import { espruinoRegexEnd, regexAfterWord } from '../../core/espruino/lexer.ts';

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
  /** The code to run, rewritten for Espruino's semantics. */
  code: string;
  /** The first construct Espruino cannot parse, if any. */
  problem?: SyntaxProblem;
}

/** Check `code` for syntax Espruino lacks and rewrite what V8 would run differently. */
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
  /**
   * Replacements of [start, end) by text, applied from the end. Where one construct ends right where the
   * next begins, what closes the first (';', '}') goes in front of what opens the second.
   */
  const edits: Edit[] = [];
  const loops: Array<{ edits: Edit[]; from: number; to: number }> = [];
  /** For each enclosing function: is it an arrow? */
  const arrows: boolean[] = [];
  const inArrow = (): boolean => arrows.length > 0 && arrows[arrows.length - 1]!;
  const visit = (node: TS.Node): void => {
    if (found) return;
    const K = t.SyntaxKind;
    switch (node.kind) {
      case K.Identifier:
        if ((node as TS.Identifier).text === 'arguments' && inArrow()) edits.push({ start: node.getStart(file), end: node.end, text: '(void 0)', closes: false });
        return;
      case K.PropertyAccessExpression: {
        const p = node as TS.PropertyAccessExpression;
        if (p.questionDotToken) return report(node, 'optional chaining (?.)');
        return visit(p.expression); // the property name is not a variable
      }
      case K.ShorthandPropertyAssignment: {
        const name = (node as TS.ShorthandPropertyAssignment).name;
        if (name.text === 'arguments' && inArrow()) edits.push({ start: name.getStart(file), end: name.end, text: 'arguments: (void 0)', closes: false });
        return;
      }
      case K.ForStatement: {
        const f = node as TS.ForStatement;
        const init = f.initializer;
        if (init && t.isVariableDeclarationList(init) && init.flags & (t.NodeFlags.Let | t.NodeFlags.Const)) {
          const from = init.getStart(file);
          loops.push({
            from,
            to: init.end,
            edits: [
              { start: f.getStart(file), end: f.getStart(file), text: `{${code.slice(from, init.end)}; `, closes: false },
              { start: from, end: init.end, text: '', closes: false },
              { start: f.end, end: f.end, text: '}', closes: true },
            ],
          });
        }
        break;
      }
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
        // the lexer decides from the previous token alone: after a keyword (`a.default / 2`) it reads a regex
        if (op === K.SlashToken || op === K.SlashEqualsToken) {
          const word = /[\w$]+$/.exec(code.slice(b.left.getStart(file), b.left.end))?.[0];
          if (word !== undefined && regexAfterWord(word)) return report(b.operatorToken, `a / right after "${word}" (read as a regex)`);
        }
        break;
      }
      case K.RegularExpressionLiteral: {
        // the lexer ends the literal at the first unescaped /, also inside [...]
        const text = (node as TS.RegularExpressionLiteral).text;
        if (espruinoRegexEnd(text) !== text.lastIndexOf('/')) return report(node, 'an unescaped / inside [...] of a regex literal');
        break;
      }
      case K.ElementAccessExpression:
      case K.CallExpression:
        if ((node as TS.PropertyAccessExpression).questionDotToken) return report(node, 'optional chaining (?.)');
        break;
      case K.FunctionDeclaration: {
        const f = node as TS.FunctionDeclaration;
        if (f.name && f.body) {
          const at = f.getStart(file);
          edits.push({ start: at, end: at, text: `var ${f.name.text} = `, closes: false }, { start: f.end, end: f.end, text: ';', closes: true });
        }
      }
      // falls through
      case K.FunctionExpression:
      case K.MethodDeclaration:
      case K.ArrowFunction: {
        const f = node as TS.FunctionLikeDeclarationBase;
        if (t.getModifiers(node as TS.HasModifiers)?.some((m) => m.kind === K.AsyncKeyword)) return report(node, 'async functions');
        if (f.asteriskToken) return report(node, 'generators (function*)');
        arrows.push(node.kind === K.ArrowFunction);
        t.forEachChild(node, visit);
        arrows.pop();
        return;
      }
      case K.Constructor:
      case K.GetAccessor:
      case K.SetAccessor:
        arrows.push(false);
        t.forEachChild(node, visit);
        arrows.pop();
        return;
    }
    t.forEachChild(node, visit);
  };
  visit(file);
  if (found) return { code, problem: found };
  // a loop whose declaration holds another rewrite (an arrow using arguments...) is left as it is
  for (const loop of loops) {
    if (!edits.some((e) => e.start >= loop.from && e.start < loop.to)) edits.push(...loop.edits);
  }
  edits.sort((a, b) => b.start - a.start || Number(a.closes) - Number(b.closes));
  let out = code;
  for (const e of edits) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return { code: out };
}

interface Edit {
  start: number;
  end: number;
  text: string;
  /** Closes a construct (';' or '}'): goes before an opening inserted at the same place. */
  closes: boolean;
}

/** The first construct in `code` that Espruino cannot parse, or undefined. */
export function findUnsupportedSyntax(code: string): SyntaxProblem | undefined {
  return prepareForEspruino(code).problem;
}
