// The emitted-code check: read JavaScript the way Espruino 2v29 would and report what it cannot run,
// as `file:line:column: message`. espkit build runs it on dist/firmware.js (strict: also the compiler's own
// invariants), and the virtual board can run it on code it is sent (not strict).
// The facts it checks against are core/espruino (docs/espruino.md); Espruino's src/jslex.c (keywords, when `/`
// starts a regex, template literals) and src/jsparse.c (parameters are plain names, object keys, class bodies,
// switch) at RELEASE_2V29 are where they come from.
import ts from 'typescript';
import type { BuildDiagnostic } from './diagnostic.ts';
import {
  BUILTIN_CONSTRUCTORS, ESPRUINO_GLOBALS, ESPRUINO_KEYWORDS, ESPRUINO_ONLY_RESERVED, MISSING_GLOBALS, MISSING_STATICS, REGEX_AFTER, findUnsupportedRegex, regexAfterWord,
} from '../../core/espruino/facts.ts';

export interface EspruinoCheckOptions {
  /** The name used in messages. */
  file?: string;
  /** Also check the compiler's invariants: no classes, functions declared first, no captured loop bindings. */
  strict?: boolean;
  /** Report identifiers that are neither declared in the code nor Espruino globals (default true). */
  globals?: boolean;
}

/** Check JavaScript against what Espruino can run. Returns no diagnostics when it is fine. */
export function checkEspruinoCode(code: string, options: EspruinoCheckOptions = {}): BuildDiagnostic[] {
  const file = options.file ?? 'code.js';
  const strict = options.strict ?? false;
  const sf = ts.createSourceFile(file, code, ts.ScriptTarget.ESNext, true, ts.ScriptKind.JS);
  const out: BuildDiagnostic[] = [];
  const report = (pos: number, message: string, hint?: string): void => {
    const lc = sf.getLineAndCharacterOfPosition(pos);
    out.push({ file, line: lc.line + 1, column: lc.character + 1, message, hint, kind: 'emitted' });
  };
  const at = (n: ts.Node, message: string, hint?: string): void => report(n.getStart(sf), message, hint);

  const parseErrors = (sf as unknown as { parseDiagnostics?: readonly ts.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
  for (const d of parseErrors) report(d.start, `syntax error: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
  if (parseErrors.length > 0) return out;

  const declared = collectDeclaredNames(sf);
  const functionBodies = new Set<ts.Node>();

  const visit = (node: ts.Node): void => {
    checkNode(node);
    ts.forEachChild(node, visit);
  };

  function checkNode(node: ts.Node): void {
    if (ts.isFunctionLike(node) && 'body' in node && node.body && ts.isBlock(node.body as ts.Node)) functionBodies.add(node.body as ts.Node);
    if (ts.canHaveModifiers(node)) {
      for (const m of ts.getModifiers(node) ?? []) if (m.kind === ts.SyntaxKind.AsyncKeyword) at(m, 'async functions are not supported by Espruino');
    }
    switch (node.kind) {
      case ts.SyntaxKind.Parameter: {
        const p = node as ts.ParameterDeclaration;
        if (p.initializer) at(p, 'default parameters are a syntax error on Espruino');
        else if (p.dotDotDotToken) at(p, 'rest parameters are a syntax error on Espruino');
        else if (!ts.isIdentifier(p.name)) at(p, 'destructured parameters are a syntax error on Espruino');
        break;
      }
      case ts.SyntaxKind.ObjectBindingPattern:
      case ts.SyntaxKind.ArrayBindingPattern:
        if (!ts.isParameter(node.parent)) at(node, 'destructuring is not supported by Espruino');
        break;
      case ts.SyntaxKind.SpreadElement:
      case ts.SyntaxKind.SpreadAssignment:
        at(node, 'spread (...) is a syntax error on Espruino');
        break;
      case ts.SyntaxKind.PropertyAccessExpression:
      case ts.SyntaxKind.ElementAccessExpression:
      case ts.SyntaxKind.CallExpression: {
        const e = node as ts.PropertyAccessExpression | ts.ElementAccessExpression | ts.CallExpression;
        if (e.questionDotToken) at(e.questionDotToken, 'optional chaining (?.) is a syntax error on Espruino');
        if (ts.isPropertyAccessExpression(node)) checkMemberRead(node);
        break;
      }
      case ts.SyntaxKind.BinaryExpression: {
        const b = node as ts.BinaryExpression;
        const op = b.operatorToken.kind;
        if (op === ts.SyntaxKind.AsteriskAsteriskToken || op === ts.SyntaxKind.AsteriskAsteriskEqualsToken) at(b.operatorToken, '** is a syntax error on Espruino', 'use Math.pow');
        if (op === ts.SyntaxKind.QuestionQuestionEqualsToken || op === ts.SyntaxKind.BarBarEqualsToken || op === ts.SyntaxKind.AmpersandAmpersandEqualsToken) at(b.operatorToken, `${ts.tokenToString(op)} is a syntax error on Espruino`);
        if (op === ts.SyntaxKind.EqualsToken && (ts.isObjectLiteralExpression(b.left) || ts.isArrayLiteralExpression(b.left))) at(b.left, 'destructuring assignment is not supported by Espruino');
        if (op === ts.SyntaxKind.SlashToken || op === ts.SyntaxKind.SlashEqualsToken) {
          const word = /[\w$]+$/.exec(code.slice(b.left.getStart(sf), b.left.end))?.[0];
          if (word !== undefined && regexAfterWord(word)) at(b.operatorToken, `Espruino reads / after "${word}" as the start of a regex`, 'put the left side in a variable first');
        }
        break;
      }
      case ts.SyntaxKind.ComputedPropertyName:
        at(node, 'computed property names are a syntax error on Espruino');
        break;
      case ts.SyntaxKind.GetAccessor:
      case ts.SyntaxKind.SetAccessor: {
        const a = node as ts.AccessorDeclaration;
        if (ts.isObjectLiteralExpression(a.parent) && !ts.isIdentifier(a.name) && !ts.isComputedPropertyName(a.name)) at(a.name, 'a getter or setter in an object literal needs a plain name on Espruino');
        break;
      }
      case ts.SyntaxKind.ClassDeclaration:
      case ts.SyntaxKind.ClassExpression: {
        const c = node as ts.ClassLikeDeclaration;
        const ext = c.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0];
        if (strict && ext) at(c, 'a class with extends reached the output (the compiler lowers those)');
        if (ext && !ts.isIdentifier(ext.expression)) at(ext, 'Espruino only accepts a plain name after extends');
        for (const m of c.members) {
          if (m.name && (ts.isStringLiteral(m.name) || ts.isNumericLiteral(m.name))) at(m.name, 'class members need plain names on Espruino');
          else if (m.name && ts.isIdentifier(m.name) && ESPRUINO_KEYWORDS.has(m.name.text)) at(m.name, `"${m.name.text}" is a keyword on Espruino and cannot name a class member`);
        }
        break;
      }
      case ts.SyntaxKind.AwaitExpression:
        at(node, 'await is not supported by Espruino');
        break;
      case ts.SyntaxKind.YieldExpression:
        at(node, 'generators are not supported by Espruino');
        break;
      case ts.SyntaxKind.FunctionDeclaration:
      case ts.SyntaxKind.FunctionExpression:
      case ts.SyntaxKind.MethodDeclaration:
        if ((node as ts.FunctionLikeDeclarationBase).asteriskToken) at(node, 'generator functions are a syntax error on Espruino');
        break;
      case ts.SyntaxKind.LabeledStatement:
        at(node, 'labelled statements are not supported by Espruino');
        break;
      case ts.SyntaxKind.PrivateIdentifier:
        at(node, '#private names are a syntax error on Espruino');
        break;
      case ts.SyntaxKind.ClassStaticBlockDeclaration:
        at(node, 'static {} blocks are a syntax error on Espruino');
        break;
      case ts.SyntaxKind.MetaProperty:
        at(node, `${node.getText(sf)} is not supported by Espruino`);
        break;
      case ts.SyntaxKind.TaggedTemplateExpression:
        at(node, 'tagged templates are a syntax error on Espruino');
        break;
      case ts.SyntaxKind.BigIntLiteral:
        at(node, 'BigInt is not defined on Espruino');
        break;
      case ts.SyntaxKind.ImportDeclaration:
      case ts.SyntaxKind.ExportDeclaration:
      case ts.SyntaxKind.ExportAssignment:
        at(node, 'import/export statements are not supported by Espruino (bundle the code)');
        break;
      case ts.SyntaxKind.RegularExpressionLiteral:
        checkRegExp(node as ts.RegularExpressionLiteral);
        break;
      case ts.SyntaxKind.SwitchStatement: {
        const clauses = (node as ts.SwitchStatement).caseBlock.clauses;
        const d = clauses.findIndex((c) => c.kind === ts.SyntaxKind.DefaultClause);
        if (d >= 0 && d < clauses.length - 1) at(clauses[d + 1]!, 'a case after default is not supported by Espruino');
        break;
      }
      case ts.SyntaxKind.NewExpression:
        if (ts.isNewExpression((node as ts.NewExpression).expression)) at(node, 'nested new operators (new new X) are not supported by Espruino');
        break;
      case ts.SyntaxKind.ForInStatement:
      case ts.SyntaxKind.ForOfStatement: {
        const init = (node as ts.ForInOrOfStatement).initializer;
        if (!ts.isVariableDeclarationList(init) && !ts.isIdentifier(init)) at(init, 'Espruino needs a variable name before in/of');
        if (ts.isForOfStatement(node) && node.awaitModifier) at(node, 'for await is not supported by Espruino');
        if (strict) checkLoopCapture(node as ts.ForInOrOfStatement);
        break;
      }
      case ts.SyntaxKind.ForStatement:
        if (strict) checkLoopCapture(node as ts.ForStatement);
        break;
      case ts.SyntaxKind.TemplateExpression:
      case ts.SyntaxKind.NoSubstitutionTemplateLiteral:
        checkTemplate(node as ts.TemplateExpression | ts.NoSubstitutionTemplateLiteral);
        break;
      case ts.SyntaxKind.StringLiteral:
        if (strict) checkEscapes(node as ts.StringLiteral);
        break;
      case ts.SyntaxKind.Identifier:
        checkIdentifier(node as ts.Identifier);
        break;
      case ts.SyntaxKind.Block:
      case ts.SyntaxKind.CaseClause:
      case ts.SyntaxKind.DefaultClause:
        if (strict) checkFunctionOrder((node as ts.Block | ts.CaseOrDefaultClause).statements, ts.isBlock(node) && functionBodies.has(node));
        break;
      case ts.SyntaxKind.SourceFile:
        if (strict) checkFunctionOrder((node as ts.SourceFile).statements, true);
        break;
    }
  }

  function checkRegExp(node: ts.RegularExpressionLiteral): void {
    const text = node.text;
    const slash = text.lastIndexOf('/');
    const start = node.getStart(sf);
    for (const p of findUnsupportedRegex(text.slice(1, slash), text.slice(slash + 1), { literal: true })) report(start + 1 + p.offset, p.message, p.hint);
    // Espruino decides between regex and division from the previous token alone
    let i = node.getStart(sf) - 1;
    while (i >= 0 && /\s/.test(code[i]!)) i--;
    if (i < 0) return;
    const ch = code[i]!;
    if (/[\w$]/.test(ch)) {
      let j = i;
      while (j >= 0 && /[\w$]/.test(code[j]!)) j--;
      const word = code.slice(j + 1, i + 1);
      if (!regexAfterWord(word)) at(node, `Espruino reads this regex after "${word}" as a division`, 'put it in a variable or in parentheses');
      return;
    }
    if (ch === '|' && code[i - 1] === '|') return;
    if (!REGEX_AFTER.has(ch)) at(node, `Espruino reads this regex after "${ch}" as a division`, 'put it in a variable or in parentheses');
  }

  function checkTemplate(node: ts.TemplateExpression | ts.NoSubstitutionTemplateLiteral): void {
    // escapes are decoded before Espruino looks for ${...}, so an escaped \${ would run as code
    const parts = ts.isNoSubstitutionTemplateLiteral(node) ? [node.text] : [node.head.text, ...node.templateSpans.map((s) => s.literal.text)];
    if (parts.some((p) => p.includes('${'))) at(node, 'a template literal with an escaped ${ is evaluated as code by Espruino');
    if (ts.isNoSubstitutionTemplateLiteral(node)) return;
    for (const span of node.templateSpans) {
      const text = code.slice(span.expression.getStart(sf), span.expression.end);
      // Espruino cuts the substitution at the first unbalanced } and re-lexes the text it cut out
      if (/[{}`\\]/.test(text)) at(span.expression, 'Espruino misreads a template substitution that contains braces, backticks or backslashes', 'concatenate with + instead');
    }
  }

  function checkEscapes(node: ts.StringLiteral): void {
    const raw = code.slice(node.getStart(sf), node.end);
    const m = /\\u\{|\\u([0-9a-fA-F]{4})/.exec(raw);
    if (m && (m[1] === undefined || parseInt(m[1], 16) > 0xff)) at(node, 'Espruino keeps only the low byte of a \\u escape', 'write the character as UTF-8 text');
  }

  function checkIdentifier(id: ts.Identifier): void {
    const p = id.parent;
    if (ESPRUINO_ONLY_RESERVED.has(id.text) && id.text !== 'undefined' && isBindingOrReference(id)) {
      at(id, `"${id.text}" is a keyword on Espruino and cannot be used as a name`);
      return;
    }
    if (id.text === 'undefined' && isDeclarationName(id)) at(id, '"undefined" is a keyword on Espruino and cannot be declared');
    if (options.globals === false || !isValueReference(id) || declared.has(id.text)) return;
    const hint = MISSING_GLOBALS[id.text];
    if (hint !== undefined) at(id, `${id.text} is not defined on Espruino`, hint);
    else if (!ESPRUINO_GLOBALS.has(id.text) && !(p && ts.isTypeOfExpression(p))) at(id, `${id.text} is not defined on Espruino`);
  }

  function checkMemberRead(node: ts.PropertyAccessExpression): void {
    const obj = node.expression;
    if (ts.isIdentifier(obj) && !declared.has(obj.text)) {
      const hint = MISSING_STATICS[obj.text]?.[node.name.text];
      if (hint !== undefined) at(node, `${obj.text}.${node.name.text} is missing on Espruino`, hint);
    }
    if (ts.isPropertyAccessExpression(obj) && obj.name.text === 'prototype' && ts.isIdentifier(obj.expression)
      && BUILTIN_CONSTRUCTORS.has(obj.expression.text) && !declared.has(obj.expression.text)) {
      const p = node.parent;
      const written = p && ts.isBinaryExpression(p) && p.left === node && p.operatorToken.kind === ts.SyntaxKind.EqualsToken;
      if (!written) at(node, `reading ${obj.expression.text}.prototype.${node.name.text} gives undefined on Espruino`, 'call it on an instance');
    }
  }

  function checkFunctionOrder(statements: ts.NodeArray<ts.Statement>, isBody: boolean): void {
    if (!isBody) {
      for (const s of statements) if (ts.isFunctionDeclaration(s)) at(s, 'a function declaration inside a block is shared across runs of the block on Espruino (the compiler makes these let bindings)');
      return;
    }
    let seenOther = false;
    for (const s of statements) {
      if (ts.isExpressionStatement(s) && ts.isStringLiteral(s.expression) && !seenOther) continue;
      if (ts.isFunctionDeclaration(s)) {
        if (seenOther) at(s, `function ${s.name?.text ?? ''} is declared after other statements; Espruino does not hoist it`);
      } else seenOther = true;
    }
  }

  function checkLoopCapture(loop: ts.ForStatement | ts.ForInOrOfStatement): void {
    const init = loop.initializer;
    if (!init || !ts.isVariableDeclarationList(init) || !(init.flags & (ts.NodeFlags.Let | ts.NodeFlags.Const))) return;
    for (const d of init.declarations) {
      if (ts.isIdentifier(d.name) && capturedByClosure(loop.statement, d.name.text)) {
        at(d.name, `the loop variable ${d.name.text} is captured by a closure, but Espruino shares one binding across iterations`);
      }
    }
  }

  visit(sf);
  return out;
}

function collectDeclaredNames(sf: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  const addBinding = (n: ts.BindingName): void => {
    if (ts.isIdentifier(n)) names.add(n.text);
    else for (const e of n.elements) if (!ts.isOmittedExpression(e)) addBinding(e.name);
  };
  const walk = (n: ts.Node): void => {
    if (ts.isVariableDeclaration(n) || ts.isParameter(n) || ts.isBindingElement(n)) addBinding(n.name);
    else if ((ts.isFunctionDeclaration(n) || ts.isFunctionExpression(n) || ts.isClassDeclaration(n) || ts.isClassExpression(n)) && n.name) names.add(n.name.text);
    else if (ts.isCatchClause(n) && n.variableDeclaration) addBinding(n.variableDeclaration.name);
    else if (ts.isImportClause(n) && n.name) names.add(n.name.text);
    else if (ts.isImportSpecifier(n) || ts.isNamespaceImport(n)) names.add(n.name.text);
    ts.forEachChild(n, walk);
  };
  walk(sf);
  return names;
}

function isDeclarationName(id: ts.Identifier): boolean {
  const p = id.parent;
  return !!p && (ts.isVariableDeclaration(p) || ts.isParameter(p) || ts.isFunctionDeclaration(p) || ts.isFunctionExpression(p) || ts.isClassDeclaration(p) || ts.isClassExpression(p) || ts.isBindingElement(p)) && p.name === id;
}

function isBindingOrReference(id: ts.Identifier): boolean {
  const p = id.parent;
  if (!p) return true;
  if (ts.isPropertyAccessExpression(p) && p.name === id) return false;
  if ((ts.isPropertyAssignment(p) || ts.isMethodDeclaration(p) || ts.isGetAccessor(p) || ts.isSetAccessor(p) || ts.isPropertyDeclaration(p)) && p.name === id) return false;
  if (ts.isBindingElement(p) && p.propertyName === id) return false;
  return true;
}

function isValueReference(id: ts.Identifier): boolean {
  if (!isBindingOrReference(id) || isDeclarationName(id)) return false;
  const p = id.parent;
  if (p && (ts.isLabeledStatement(p) || ts.isBreakOrContinueStatement(p))) return false;
  if (p && ts.isShorthandPropertyAssignment(p)) return true;
  return true;
}

/** Is `name` referenced from a function nested in `node`? */
export function capturedByClosure(node: ts.Node, name: string): boolean {
  let found = false;
  const walk = (n: ts.Node, inFunction: boolean): void => {
    if (found) return;
    if (inFunction && ts.isIdentifier(n) && n.text === name && isBindingOrReference(n)) {
      found = true;
      return;
    }
    const nested = inFunction || ts.isFunctionLike(n) || ts.isClassLike(n);
    ts.forEachChild(n, (c) => walk(c, nested));
  };
  walk(node, false);
  return found;
}
