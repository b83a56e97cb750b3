// The firmware's source map: text-stage pieces compose exactly, a trail follows a position through map and
// text stages, and the map of a real build points each emitted string literal at the same literal in TypeScript.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { TraceMap, originalPositionFor } from '@jridgewell/trace-mapping';
import { composePieces, pieceInput, piecesOfEdits, LineIndex, SourceTrail, tokenStarts } from '../../host/build/source-map.ts';
import { hoistFunctionsInTextMapped } from '../../host/build/hoist-text.ts';
import { buildFirmware } from '../../host/build/index.ts';
import { makeFirmwareProject } from './fixture.ts';

test('pieces of edits map kept and replaced text to where it came from; inserted text maps nowhere', () => {
  const input = 'var of=1;f(of)';
  const pieces = piecesOfEdits(input.length, [{ start: 4, end: 6, text: 'of$' }, { start: 11, end: 13, text: 'of$' }]);
  const output = 'var of$=1;f(of$)';
  assert.equal(pieceInput(pieces, output.indexOf('=1')), input.indexOf('=1'));
  assert.equal(pieceInput(pieces, output.indexOf('of$)')), input.indexOf('of)'));
  assert.equal(pieceInput(pieces, output.indexOf('$=')), undefined);
});

test('composed pieces equal following each table in turn', () => {
  const first = [{ outStart: 0, inStart: 10, length: 5 }, { outStart: 6, inStart: 0, length: 5 }];
  const second = [{ outStart: 0, inStart: 3, length: 6 }, { outStart: 8, inStart: 0, length: 2 }];
  const both = composePieces(first, second);
  for (let o = 0; o < 12; o++) {
    const mid = pieceInput(second, o);
    const expected = mid === undefined ? undefined : pieceInput(first, mid);
    assert.equal(pieceInput(both, o), expected, `offset ${o}`);
  }
});

test('text hoisting reports where each moved statement came from', () => {
  const code = 'x();var a=1;function x(){return a}';
  const { code: out, pieces } = hoistFunctionsInTextMapped(code);
  assert.ok(out.startsWith('function x(){return a}'));
  assert.equal(pieceInput(pieces, out.indexOf('return')), code.indexOf('return'));
  assert.equal(pieceInput(pieces, out.indexOf('x();')), code.indexOf('x();'));
});

test('a trail follows a position through a source map stage and a text stage to the original', () => {
  // stage 0 ("bundle"): two lines, mapped to a.ts by an identity-per-line map
  const bundled = 'foo();\nbar();\n';
  const bundleMap = { version: 3 as const, sources: ['a.ts'], names: [], mappings: 'AAAA;AACA', sourcesContent: ['foo();\nbar();\n'] };
  const trail = new SourceTrail(bundled, bundleMap);
  // stage 1: swap the two lines (text stage)
  const swapped = 'bar();\nfoo();\n';
  trail.edited(swapped, [{ outStart: 0, inStart: 7, length: 7 }, { outStart: 7, inStart: 0, length: 7 }]);
  const at = trail.trace(swapped.indexOf('foo'));
  assert.deepEqual(at, { source: 'a.ts', line: 1, column: 0 });
  assert.deepEqual(trail.trace(swapped.indexOf('bar')), { source: 'a.ts', line: 2, column: 0 });
  const map = new TraceMap(trail.toSourceMap(swapped, 'out.js') as ConstructorParameters<typeof TraceMap>[0]);
  assert.equal(originalPositionFor(map, { line: 2, column: 0 }).line, 1);
});

test('tokenStarts finds every token start, regexes and templates included', () => {
  const code = 'a=/x+/g.test(`t${b}u`)';
  const starts = tokenStarts(code);
  assert.ok(starts.includes(code.indexOf('/x')));
  assert.ok(starts.includes(code.indexOf('.test')));
  assert.ok(starts.includes(code.indexOf('b')));
});

test('every string literal of a real build maps to the same literal in the TypeScript source', async () => {
  const project = makeFirmwareProject({
    'firmware/src/main.ts': [
      'import { Counter } from "./counter";',
      'class Named { constructor(public readonly name: string = "anonymous") {} label(): string { return `[${this.name}]`; } }',
      'const c = new Counter();',
      'const { a, b } = { a: "first value", b: "second value" };',
      'function late(): string { return "declared late"; }',
      'console.log(late(), a, b, new Named().label(), c.next("counting"));',
      '',
    ].join('\n'),
    'firmware/src/counter.ts': 'export class Counter {\n  n = 0;\n  next(what: string): string {\n    this.n++;\n    return what + " " + this.n;\n  }\n}\n',
  });
  try {
    const built = await buildFirmware({ root: project.root });
    const code = readFileSync(join(project.root, 'dist/firmware.js'), 'utf8');
    const map = new TraceMap(readFileSync(join(project.root, 'dist/firmware.js.map'), 'utf8'));
    assert.equal(code, built.code);
    const lines = new LineIndex(code);
    const sf = ts.createSourceFile('out.js', code, ts.ScriptTarget.ESNext, true, ts.ScriptKind.JS);
    const literals: ts.StringLiteral[] = [];
    const walk = (n: ts.Node): void => {
      if (ts.isStringLiteral(n) && n.text.length > 4) literals.push(n);
      ts.forEachChild(n, walk);
    };
    walk(sf);
    assert.ok(literals.length >= 5, `only ${literals.length} literals`);
    for (const lit of literals) {
      const p = originalPositionFor(map, lines.position(lit.getStart(sf)));
      assert.ok(p.source, `no mapping for ${lit.text}`);
      const source = readFileSync(join(project.root, 'dist', p.source!), 'utf8').split('\n')[p.line! - 1]!;
      assert.equal(source.slice(p.column! + 1, p.column! + 1 + lit.text.length), lit.text, `${lit.text} -> ${p.source}:${p.line}:${p.column}`);
    }
  } finally {
    project.remove();
  }
});
