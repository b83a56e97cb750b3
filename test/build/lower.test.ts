// The lowering passes on JavaScript (what esbuild hands them): the output has none of the syntax Espruino
// lacks and computes the same values as the input, run side by side in V8.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import vm from 'node:vm';
import { lowerForEspruino } from '../../host/build/lower/index.ts';
import { checkEspruinoCode } from '../../host/build/check.ts';
import { hoistFunctionsInText } from '../../host/build/hoist-text.ts';
import { renameEspruinoKeywords } from '../../host/build/reserved-names.ts';

/** Run `code` (which sets `out`) in a fresh context and return `out` as JSON. */
function run(code: string): string {
  const ctx = vm.createContext({ out: undefined });
  vm.runInContext(code, ctx, { timeout: 5000 });
  return JSON.stringify(ctx.out);
}

function lowersTheSame(name: string, source: string, mustUse: RegExp[] = []): void {
  test(`lowering: ${name}`, () => {
    const wrapped = `(() => {\n${source}\n})();\n`;
    const lowered = lowerForEspruino(wrapped).code;
    assert.deepEqual(checkEspruinoCode(lowered, { globals: false }).map((d) => `${d.line}:${d.column} ${d.message}`), [], lowered);
    assert.equal(run(lowered), run(wrapped), lowered);
    for (const re of mustUse) assert.match(lowered, re);
  });
}

lowersTheSame('default and rest parameters', `
  function f(a, b = a + 1, ...more) { return [a, b, more]; }
  const g = (x = 2, ...ys) => x * ys.length;
  out = [f(1), f(1, 5, 6, 7), f(undefined, null), g(), g(3, 1, 1)];
`, [/__slice\(arguments, 2\)/, /=== void 0/]);

lowersTheSame('destructured parameters with defaults', `
  function f({ a, b: { c = 3 } = {} }, [x, , z] = [7, 8, 9]) { return [a, c, x, z]; }
  out = [f({ a: 1 }), f({ a: 1, b: { c: 4 } }, 'xyz')];
`);

lowersTheSame('object and array destructuring, rest, holes, swaps', `
  const { p, q: [r, ...s], ...others } = { p: 1, q: [2, 3, 4], t: 5, u: 6 };
  let m = 1, n = 2;
  [m, n] = [n, m];
  const res = ({ k = 'dflt' } = {});
  const pairs = [];
  for (const [key, val] of Object.entries({ one: 1, two: 2 })) pairs.push(key + val);
  let caught;
  try { throw { code: 7 }; } catch ({ code }) { caught = code; }
  out = [p, r, s, others, m, n, pairs, caught, res];
`, [/__objRest/, /__slice/]);

lowersTheSame('spread in arrays, calls, new and objects', `
  function C(a, b) { this.v = a + b; }
  const xs = [1, 2];
  const o = { m(...a) { return this.k + a.length; }, k: 10 };
  out = [[0, ...xs, ...'hi'], Math.max(...xs, 0), o.m(...xs, 3), new C(...xs).v, { ...{ a: 1 }, b: 2, ...{ a: 3 } }];
`, [/\.apply\(/, /__new\(/, /Object\.assign\(/]);

lowersTheSame('classes: inheritance, super calls three levels deep, statics, accessors', `
  class A { constructor(n) { this.n = n; } who() { return 'A' + this.n; } static make(n) { return new this(n); } get twice() { return this.n * 2; } set twice(v) { this.n = v / 2; } }
  class B extends A { who() { return super.who() + 'B'; } }
  class C extends B { constructor() { super(3); this.extra = true; } who() { return super.who() + 'C'; } static make() { return super.make(9); } }
  const c = new C();
  c.twice = 10;
  out = [c.who(), c.n, c.twice, c instanceof A, B.make(4).who(), C.make().who(), Object.keys(c)];
`, [/__extends\(C, B\)/, /B\.prototype\.who\.call\(this\)/]);

lowersTheSame('computed keys and accessors in object literals', `
  const k = 'x';
  const o = { a: 1, [k + 1]: 2, get [k]() { return 'got'; }, b: 3 };
  out = [Object.keys(o), o.x1, o.x, o.b];
`);

lowersTheSame('per-iteration loop bindings captured by closures', `
  const fs = [];
  for (let i = 0; i < 3; i++) fs.push(() => i);
  for (let i = 0; i < 6; i++) { if (i % 2) { i++; continue; } fs.push(() => i); }
  for (const s of ['a', 'b']) fs.push(() => s);
  out = fs.map((f) => f());
`, [/let i = _i/]);

lowersTheSame('unsafe template literals become concatenation', `
  const v = 2;
  out = [\`a\${JSON.stringify({ b: '}' })}c\`, \`\${v}\${v}\`, \`x\${v}y\`];
`);

test('function declarations come first; block-level ones become let bindings', () => {
  const lowered = lowerForEspruino(`(() => {\nrun();\nfunction run() { return inner(); function inner() { return 1; } }\nif (true) { ok(); function ok() {} }\n})();\n`).code;
  assert.deepEqual(checkEspruinoCode(lowered, { strict: true, globals: false }), [], lowered);
  assert.match(lowered, /let ok = function/);
});

test('text hoisting after minification keeps the code working', () => {
  const min = 'var a=1;function b(){return a+c()}var d=b();function c(){return 2}out=[d,b()]';
  const fixed = hoistFunctionsInText(min);
  assert.equal(fixed, 'function b(){return a+c()}function c(){return 2}var a=1;var d=b();out=[d,b()]');
  assert.equal(run(fixed), run(min));
  assert.deepEqual(checkEspruinoCode(fixed, { strict: true, globals: false }), []);
});

test('a minified name Espruino reserves is renamed', () => {
  const code = 'function f(of){var o={of};return of+o.of+{of:of}.of}out=f(1)';
  const fixed = renameEspruinoKeywords(code);
  assert.equal(fixed, 'function f(of$){var o={of:of$};return of$+o.of+{of:of$}.of}out=f(1)');
  assert.equal(run(fixed), run(code));
  assert.deepEqual(checkEspruinoCode(fixed, { globals: false }), []);
});

test('a class nothing extends stays a class; bases, spread-constructed and keyword-named ones are lowered', () => {
  const src = `(() => {
var _Base = class _Base { hi() { return 1; } }; var Base = _Base;
class Kid extends Base {}
class Alone { get v() { return 2; } m() { return 3; } }
class Spread { constructor(a, b) { this.s = a + b; } }
class Odd { delete() { return 4; } }
out = [new Kid().hi(), new Alone().v, new Spread(...[1, 2]).s, new Odd().delete()];
})();`;
  const lowered = lowerForEspruino(src).code;
  assert.match(lowered, /class Alone \{/);
  assert.doesNotMatch(lowered, /class (_Base|Kid|Spread|Odd)\b/);
  assert.equal(run(lowered), '[1,2,3,4]');
  assert.deepEqual(checkEspruinoCode(lowered, { strict: true, globals: false }), [], lowered);
});
