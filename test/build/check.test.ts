// The emitted-code check (also exported for the virtual board): what Espruino 2v29 cannot parse or run
// is reported at its line and column; what it runs passes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkEspruinoCode } from '../../host/build/check.ts';

function problems(code: string, strict = false): string[] {
  return checkEspruinoCode(code, { file: 'x.js', strict }).map((d) => `${d.line}:${d.column} ${d.message}`);
}

test('code Espruino runs passes', () => {
  const ok = [
    'var a = [1, 2].map(function (x) { return x * 2; });',
    'const f = (x) => x ?? 1; let o = { a, b() { return this.a; }, get c() { return 1; } };',
    'class A { m() { return 1; } } class B extends A { constructor() { super(); } }',
    'for (const k in { a: 1 }) print(k); for (const v of [1]) print(v);',
    'try { E.reboot(); } catch (e) { console.log(e); } finally { }',
    'var r = a ? /x/ : /y/; return1 = typeof /z/; r = (/q/);',
    'var t = `a${b}c${d.e(f)}`; var u = `plain`;',
    'switch (x) { case 1: break; default: }',
  ].join('\n');
  assert.deepEqual(problems(`var a, b, d, f, s, x, o, return1; ${ok}`), []);
});

test('syntax Espruino lacks is reported where it is', () => {
  const cases: Array<[string, string]> = [
    ['function f(a = 1) {}', '1:12 default parameters are a syntax error on Espruino'],
    ['function f(...a) {}', '1:12 rest parameters are a syntax error on Espruino'],
    ['const { a } = o;', '1:7 destructuring is not supported by Espruino'],
    ['[a, b] = [b, a];', '1:1 destructuring assignment is not supported by Espruino'],
    ['f(...xs);', '1:3 spread (...) is a syntax error on Espruino'],
    ['x = o?.p;', '1:6 optional chaining (?.) is a syntax error on Espruino'],
    ['x ??= 1;', '1:3 ??= is a syntax error on Espruino'],
    ['x = 2 ** 3;', '1:7 ** is a syntax error on Espruino'],
    ['x = { [k]: 1 };', '1:7 computed property names are a syntax error on Espruino'],
    ['async function f() {}', '1:1 async functions are not supported by Espruino'],
    ['function* g() {}', '1:1 generator functions are a syntax error on Espruino'],
    ['a: for (;;) break a;', '1:1 labelled statements are not supported by Espruino'],
    ['x = tag`t`;', '1:5 tagged templates are a syntax error on Espruino'],
    ['x = 5n;', '1:5 BigInt is not defined on Espruino'],
    ['switch (x) { default: break; case 1: }', '1:30 a case after default is not supported by Espruino'],
    ['x = new new F();', '1:5 nested new operators (new new X) are not supported by Espruino'],
    ['class A extends mixin(B) {}', '1:17 Espruino only accepts a plain name after extends'],
    ['var of = 1;', '1:5 "of" is a keyword on Espruino and cannot be used as a name'],
    ['x = /(?<y>a)/;', "1:6 named groups (?<name>...) are not supported by Espruino's regex engine"],
    ['x = /a/s;', '1:6 the s flag is not supported by Espruino (a syntax error after a regex literal)'],
    ['if (a) /re/.test(x);', '1:8 Espruino reads this regex after ")" as a division'],
    ['x = `a${f({ b: 1 })}`;', '1:9 Espruino misreads a template substitution that contains braces, backticks or backslashes'],
    ['import a from "b";', '1:1 import/export statements are not supported by Espruino (bundle the code)'],
    ['var x = f(', "1:11 syntax error: ')' expected."],
  ];
  for (const [code, expected] of cases) {
    const found = problems(`var a, b, f, k, o, x, xs, F, B, tag, mixin;\n${code}`).map((p) => p.replace(/^(\d+)/, (l) => String(Number(l) - 1)));
    assert.ok(found.includes(expected), `${code}\n  expected ${expected}\n  got ${found.join(' | ')}`);
  }
});

test('globals Espruino does not have are reported, with a hint when there is one', () => {
  const ds = checkEspruinoCode('var m = new Map(); var t = new TextEncoder(); fetch("x"); var a = Array.from(s); var s; Object.freeze(a); Array.prototype.slice.call(a); Array.prototype.foo = 1;');
  assert.deepEqual(ds.map((d) => d.message), [
    'Map is not defined on Espruino',
    'TextEncoder is not defined on Espruino',
    'fetch is not defined on Espruino',
    'Array.from is missing on Espruino',
    'Object.freeze is missing on Espruino',
    'reading Array.prototype.slice gives undefined on Espruino',
  ]);
  assert.equal(ds[1]!.hint, 'use E.toUint8Array(str)');
  assert.deepEqual(checkEspruinoCode('var m = new Map();', { globals: false }), [], 'globals can be left to the caller');
  assert.deepEqual(checkEspruinoCode('function Map() {} var m = new Map(); require("Wifi").connect(); E.CRC32("x"); D2.set();'), [], 'declared names and Espruino globals are fine');
});

test('strict mode checks the compiler invariants', () => {
  assert.deepEqual(problems('f();\nfunction f() {}', true), ['2:1 function f is declared after other statements; Espruino does not hoist it']);
  assert.deepEqual(problems('var x; if (x) { function g() {} }', true).map((p) => p.slice(0, 40)), ['1:17 a function declaration inside a blo']);
  assert.deepEqual(problems('class A {} class B extends A {}', true), ['1:12 a class with extends reached the output (the compiler lowers those)']);
  assert.deepEqual(problems('class A { delete() {} }'), ['1:11 "delete" is a keyword on Espruino and cannot name a class member']);
  assert.deepEqual(problems('for (let i = 0; i < 3; i++) setTimeout(() => print(i));', true), ['1:10 the loop variable i is captured by a closure, but Espruino shares one binding across iterations']);
  assert.deepEqual(problems('var s = "\\u20ac";', true), ['1:9 Espruino keeps only the low byte of a \\u escape']);
  assert.deepEqual(problems('f();\nfunction f() {}'), [], 'not strict: the board reports a late call itself');
});
