// Unary + on a value that can be text becomes Number(x) (then the __num helper) before bundling; + on numbers
// stays. The firmware's source map still points at what was written, also after the rewritten + on that line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TraceMap, originalPositionFor } from '@jridgewell/trace-mapping';
import { buildFirmware } from '../../host/build/index.ts';
import { makeFirmwareProject } from './fixture.ts';

const SOURCE = [
  'const s: string = String(Date.now());',
  'const n = 5;',
  'console.log(n + +n, +s, boom(+s));',
  'function boom(x: number): number { return x; }',
  '',
].join('\n');

test('unary + on text is rewritten to the helper, + on a number is kept, and the map points at the source', async () => {
  const fx = makeFirmwareProject({ 'firmware/src/main.ts': SOURCE });
  try {
    const built = await buildFirmware({ root: fx.root, minify: false, pretokenise: false });
    assert.ok(built.helpers.includes('__num'), built.helpers.join());
    assert.match(built.code, /n \+ \+n, __num\(s\), boom\(__num\(s\)\)/, built.code);
    const map = new TraceMap(readFileSync(join(fx.root, 'dist/firmware.js.map'), 'utf8'));
    const at = (needle: string): { line: number | null; column: number | null } => {
      const offset = built.code.indexOf(needle);
      const before = built.code.slice(0, offset).split('\n');
      const p = originalPositionFor(map, { line: before.length, column: before[before.length - 1]!.length });
      return { line: p.line, column: p.column };
    };
    // line 3 of the source: `+s` at column 20, `boom` at column 24 (0-based)
    assert.deepEqual(at('__num(s), boom'), { line: 3, column: 20 });
    assert.deepEqual(at('boom(__num'), { line: 3, column: 24 });
  } finally {
    fx.remove();
  }
});

test('unary + after a keyword stays separate from it (return+x)', async () => {
  const fx = makeFirmwareProject({ 'firmware/src/main.ts': 'function f(v: string): number {\n  return+v;\n}\nconsole.log(f(" 1 "));\n' });
  try {
    const built = await buildFirmware({ root: fx.root, out: false, minify: false, pretokenise: false });
    assert.match(built.code, /return __num\(v\)/, built.code);
  } finally {
    fx.remove();
  }
});
