// How Espruino's lexer reads `/` (core/espruino/lexer.ts): a regex literal ends at the first unescaped `/`
// even inside [...], and after a keyword (also one used as a property name) `/` starts a regex, except after
// true/false/null/undefined. The virtual board's syntax check and the compiler's output check must refuse
// exactly what the real interpreter refuses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runOnEspruino } from '../../core/espruino/binary.ts';
import { findUnsupportedSyntax } from '../../sim/espruino/syntax-check.ts';
import { checkEspruinoCode } from '../../host/build/check.ts';
import { needsRealEspruino, realEspruino } from '../helpers/espruino.ts';

/** Programs that print `ok` when Espruino parses them, each with whether it does. */
const CASES: Array<{ code: string; parses: boolean }> = [
  { code: 'var r = /[/]/; print("ok");', parses: false },
  { code: 'var r = /a[x/]b/; print("ok");', parses: false },
  { code: 'var r = /[\\/]/; print(r.test("/") ? "ok" : "no");', parses: true },
  { code: 'var r = /a\\/b/; print(r.test("a/b") ? "ok" : "no");', parses: true },
  { code: 'var a = { in: 4 }; var x = a.in / 2; print("ok");', parses: false },
  { code: 'var a = { default: 4, size: 2 }; var x = a.default / a.size; print("ok");', parses: false },
  { code: 'var a = { x: 4 }; a.x /= 2; var y = a.x / 2; print("ok");', parses: true },
  { code: 'var o = { f: function () { return this / 2; } }; print("ok");', parses: false },
  { code: 'var x = [true / 2, false / 1, null / 1, undefined / 1]; print("ok");', parses: true },
];

for (const c of CASES) {
  test(`lexer: ${c.code} ${c.parses ? 'parses' : 'is a SyntaxError'} on the real interpreter, the model and the output check`, { skip: needsRealEspruino }, async () => {
    const run = await runOnEspruino(realEspruino!, c.code, { timeoutMs: 20_000 });
    assert.equal(/Uncaught SyntaxError/.test(run.output), !c.parses, run.output);
    if (c.parses) assert.match(run.output, /^ok$/m);
    assert.equal(findUnsupportedSyntax(c.code) === undefined, c.parses, 'the virtual board\'s syntax check');
    assert.equal(checkEspruinoCode(c.code, { globals: false }).length === 0, c.parses, JSON.stringify(checkEspruinoCode(c.code, { globals: false })));
  });
}

test('lexer: a / after a value keyword is a division, after any other keyword a regex', async () => {
  const { regexAfterWord } = await import('../../core/espruino/lexer.ts');
  for (const w of ['true', 'false', 'null', 'undefined']) assert.equal(regexAfterWord(w), false, w);
  for (const w of ['return', 'typeof', 'in', 'of', 'this', 'default', 'case']) assert.equal(regexAfterWord(w), true, w);
  for (const w of ['x', 'size', 'trueish']) assert.equal(regexAfterWord(w), false, w);
});
