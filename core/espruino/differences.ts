// Where Espruino 2v29 computes something else than Node (V8) for the same code, each with what espkit does
// about it. `expr` is a JavaScript expression; String(value) is what each engine prints. The facts probe
// evaluates every expr on the real interpreter and in Node and fails when either result changed, so this
// table cannot go stale. docs/espruino.md and the README's "What differs on the board" explain them.

export type Handling =
  /** the compiler rewrites the code to a helper that gives Node's result on the board */
  | 'lowered'
  /** the compiler refuses the code with what to write instead */
  | 'refused'
  /** the compiler warns where it can see the case */
  | 'warned'
  /** only written down: the compiler cannot see it */
  | 'documented';

export interface Difference {
  id: string;
  what: string;
  /** A JavaScript expression to evaluate, or (for order of callbacks) a program that prints `diff:<id>=<value as a JSON string>`. */
  expr?: string;
  program?: string;
  /** String(value of expr) on the board, and in Node. */
  board: string;
  node: string;
  handling: Handling;
  /** What espkit does, or what to write instead. */
  instead: string;
}

export const DIFFERENCES: readonly Difference[] = [
  { id: 'math-round-half', what: 'Math.round of a negative half rounds away from zero', expr: 'Math.round(-2.5)', board: '-3', node: '-2', handling: 'lowered', instead: 'Math.round(x) becomes a helper that rounds halves up, as JavaScript does' },
  { id: 'math-round-half-odd', what: 'Math.round(-1.5) also rounds away from zero', expr: 'Math.round(-1.5)', board: '-2', node: '-1', handling: 'lowered', instead: 'the same helper' },
  { id: 'math-round-large', what: 'Math.round of a number beyond 64-bit integers overflows', expr: 'Math.round(1e20)', board: '-9223372036854775808', node: '100000000000000000000', handling: 'lowered', instead: 'the same helper' },
  { id: 'number-whitespace', what: 'Number() and unary + do not trim whitespace', expr: '[Number(" 42 "), +"\\t7\\n", Number(" ")].join()', board: 'NaN,NaN,NaN', node: '42,7,0', handling: 'lowered', instead: 'Number(x) becomes a helper with JavaScript\'s rules; +x on a value that can be text becomes Number(x)' },
  { id: 'number-leading-zeros', what: 'Number() reads a leading 0 as octal', expr: 'Number("00012")', board: '10', node: '12', handling: 'lowered', instead: 'the same helper' },
  { id: 'number-malformed', what: 'Number() accepts text JavaScript rejects (a signed hex number, "1e", "e3", "0x") and rejects "+Infinity"', expr: '[Number("-0x1f"), Number("1e"), Number("e3"), Number("0x"), Number("+Infinity")].join()', board: '-31,1,0,0,NaN', node: 'NaN,NaN,NaN,NaN,Infinity', handling: 'lowered', instead: 'the same helper' },
  { id: 'parse-float-prefixes', what: 'parseFloat reads 0x/0b/0o prefixes and leading-zero octal, and gives 0 for "e3"', expr: '[parseFloat("0x1f"), parseFloat("0b11"), parseFloat("e3"), parseFloat("00012")].join()', board: '31,3,0,10', node: '0,0,NaN,12', handling: 'lowered', instead: 'parseFloat(x) becomes a helper with JavaScript\'s rules' },
  { id: 'parse-int-signed-hex', what: 'parseInt of a signed hex number is 0', expr: '[parseInt("-0x1f"), parseInt("+0x1f"), parseInt(" -0x10", 16)].join()', board: '0,0,0', node: '-31,31,-16', handling: 'lowered', instead: 'parseInt(x, r) becomes a helper that takes the sign itself (a literal radix other than 16 keeps the built-in)' },
  { id: 'parse-int-radix', what: 'parseInt accepts a radix above 36', expr: 'parseInt("42", 37)', board: '150', node: 'NaN', handling: 'lowered', instead: 'the same helper' },
  { id: 'parse-int-negative-zero', what: 'parseInt("-0") is 0, not -0', expr: 'String(1 / parseInt("-0"))', board: 'Infinity', node: '-Infinity', handling: 'lowered', instead: 'the same helper' },
  { id: 'parse-int-large', what: 'parseInt of an integer beyond 2^63 overflows', expr: 'parseInt("123456789012345678901")', board: '-5670419503621182464', node: '123456789012345680000', handling: 'documented', instead: 'parse numbers that large with Number(x)' },
  { id: 'arguments-length', what: 'arguments.length counts the declared parameters even when fewer arguments were passed', expr: '(function (a, b) { return arguments.length; })(1)', board: '2', node: '1', handling: 'documented', instead: 'compare a parameter with undefined instead of counting arguments' },
  { id: 'date-now-fraction', what: 'Date.now() has a fractional part', expr: 'String(Date.now() % 1 !== 0)', board: 'true', node: 'false', handling: 'lowered', instead: 'Date.now() becomes Math.floor(Date.now())' },
  { id: 'to-fixed-half', what: 'toFixed rounds a half down', expr: '[(0.5).toFixed(0), (1.5).toFixed(0), (-1.5).toFixed(0)].join()', board: '0,1,-1', node: '1,2,-2', handling: 'lowered', instead: 'x.toFixed(d) becomes a helper that gives JavaScript\'s digits (host/build/lower/to-fixed.ts)' },
  { id: 'number-digits', what: 'numbers print with about 12 significant digits', expr: 'String(0.1 + 0.2)', board: '0.3', node: '0.30000000000000004', handling: 'documented', instead: 'format with toFixed when the digits matter' },
  { id: 'number-exponent', what: 'large numbers print with a two-digit mantissa exponent', expr: 'String(1e21)', board: '10e+20', node: '1e+21', handling: 'documented', instead: 'keep numbers below 1e21 or format them by hand' },
  { id: 'integer-keys-order', what: 'integer-like object keys keep insertion order', expr: 'Object.keys({ b: 1, 2: 1, 1: 1 }).join()', board: 'b,2,1', node: '1,2,b', handling: 'warned', instead: 'warned where an object whose type has integer-like or number keys is iterated (for-in, Object.keys/entries/values, JSON.stringify): use an array, or sort the keys' },
  { id: 'timer-before-promise', what: 'setTimeout(f, 0) can run before an already-resolved promise\'s .then', program: 'var o = []; Promise.resolve().then(function () { o.push("then"); }); setTimeout(function () { o.push("timeout"); }, 0); setTimeout(function () { print("diff:timer-before-promise=" + JSON.stringify(o.join())); }, 20);', board: 'timeout,then', node: 'then,timeout', handling: 'warned', instead: 'warned at setTimeout(f, 0): do not rely on the order of a 0 ms timer and a .then' },
  { id: 'json-non-ascii', what: 'JSON.stringify escapes characters above 0x7f as \\uXXXX (each byte of UTF-8 text)', expr: 'JSON.stringify("\\xe9")', board: '"\\u00E9"', node: '"\xe9"', handling: 'warned', instead: 'warned at JSON.stringify of non-ASCII string literals and text constants; JSON.parse on the other side gives the same text back: compare parsed values, not JSON text' },
  { id: 'json-function-in-array', what: 'JSON.stringify writes a function in an array as undefined (invalid JSON)', expr: 'JSON.stringify([function () {}])', board: '[undefined]', node: '[null]', handling: 'documented', instead: 'do not put functions in data you stringify' },
  { id: 'array-length-assign', what: 'assigning an array\'s length throws TypeError "Assignment to a constant"', expr: '(function () { try { var a = [1, 2]; a.length = 1; return a.length; } catch (e) { return "throws"; } })()', board: 'throws', node: '1', handling: 'refused', instead: 'truncate with a.splice(n), empty with a.splice(0)' },
  { id: 'json-indent', what: 'JSON.stringify with an indent lays the text out differently (spaces after brackets)', expr: 'JSON.stringify([1], null, 1)', board: '[ \n 1\n ]', node: '[\n 1\n]', handling: 'refused', instead: 'send JSON.stringify(x) without an indent' },
  { id: 'sort-unstable', what: 'Array sort is not stable: elements the comparator calls equal can change places', expr: '[{ k: 1, n: "a" }, { k: 0, n: "b" }, { k: 1, n: "c" }, { k: 0, n: "d" }, { k: 1, n: "e" }].sort(function (a, b) { return a.k - b.k; }).map(function (x) { return x.n; }).join("")', board: 'dbeca', node: 'bdace', handling: 'documented', instead: 'break ties in the comparator (compare a second key, or the original index)' },
  { id: 'decimal-literal-rounding', what: 'decimal text (literals, parseFloat, Number, JSON.parse) is read digit by digit, not correctly rounded: 0.3 is one unit in the last place high', expr: 'String(0.1 + 0.2 === 0.3)', board: 'true', node: 'false', handling: 'documented', instead: 'literals in the firmware are rewritten to exact integer divisions (host/build/exact-literals.ts); decimals parsed at run time stay approximate: compare them with a tolerance' },
  { id: 'json-undefined', what: 'JSON.stringify(undefined) is the text "null" and JSON.stringify of a function the text "undefined"', expr: '[JSON.stringify(undefined), JSON.stringify(function () {})].join("|")', board: 'null|undefined', node: '|', handling: 'documented', instead: 'check for undefined and functions before stringifying' },
  { id: 'split-limit', what: 'String.split ignores its limit', expr: 'String("a,b,c".split(",", 1).length)', board: '3', node: '1', handling: 'refused', instead: 'split with a limit is refused: slice the result, s.split(",").slice(0, n)' },
];
