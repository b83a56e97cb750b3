// What Espruino (2v29, the ESP32 build) has and lacks, as data: the refusal pass (TypeScript source), the
// emitted-code check and the corpus runtime all read these tables.
// Source: /work/shared/facts/espruino.md (measured on the real interpreter), the lexer's reserved words
// (espruino/Espruino src/jslex.c, jslGetNextToken) and the parser (src/jsparse.c).

/** Globals Espruino does not define, with what to write instead. */
export const MISSING_GLOBALS: Readonly<Record<string, string>> = {
  Map: 'use a plain object with string keys (and Object.keys), or two arrays',
  Set: 'use an object whose keys are set to true, or an array with indexOf/includes',
  WeakMap: 'store the data on the object itself, or use a plain object keyed by an id',
  WeakSet: 'mark the object itself with a property, or keep an array',
  WeakRef: 'keep a plain reference',
  FinalizationRegistry: 'release resources explicitly',
  Symbol: 'use string property names',
  Proxy: 'write explicit getter/setter functions',
  Reflect: 'use the Object.* functions or call the method directly',
  BigInt: 'use numbers (split 64-bit values into two 32-bit halves)',
  BigInt64Array: 'use two Int32Array entries per value',
  BigUint64Array: 'use two Uint32Array entries per value',
  TextEncoder: 'use E.toUint8Array(str)',
  TextDecoder: 'use E.toString(u8)',
  Intl: 'format numbers and dates by hand',
  queueMicrotask: 'use setTimeout(fn, 0) or Promise.resolve().then(fn)',
  structuredClone: 'copy with JSON.parse(JSON.stringify(x)) or by hand',
  AggregateError: 'throw a plain Error with a list of causes in a property',
  SharedArrayBuffer: 'use ArrayBuffer',
  Atomics: 'Espruino is single-threaded: plain reads and writes are enough',
};

/** Static members of built-in objects that Espruino lacks. */
export const MISSING_STATICS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  Array: {
    from: 'copy with a for loop, or [].slice.call(arrayLike)',
    of: 'use an array literal',
    fromAsync: 'async iteration is not supported: collect with a loop',
  },
  Object: {
    freeze: 'Espruino has no frozen objects: leave the call out and do not modify the object',
    seal: 'Espruino has no sealed objects: leave the call out',
    isFrozen: 'Espruino has no frozen objects: objects are never frozen',
    isSealed: 'Espruino has no sealed objects',
    preventExtensions: 'leave the call out',
    isExtensible: 'objects are always extensible on Espruino',
    groupBy: 'group with a loop into a plain object',
    getOwnPropertySymbols: 'Symbol is not defined on Espruino',
  },
  Number: {
    isInteger: 'use typeof x === "number" && Math.floor(x) === x',
    isSafeInteger: 'use typeof x === "number" && Math.floor(x) === x && Math.abs(x) <= 9007199254740991',
    isNaN: 'use the global isNaN(x) (or x !== x)',
    isFinite: 'use the global isFinite(x)',
    parseInt: 'use the global parseInt',
    parseFloat: 'use the global parseFloat',
    EPSILON: 'write the constant 2.220446049250313e-16',
    MAX_SAFE_INTEGER: 'write the constant 9007199254740991',
    MIN_SAFE_INTEGER: 'write the constant -9007199254740991',
  },
  Math: {
    trunc: 'use x < 0 ? Math.ceil(x) : Math.floor(x) (or x | 0 for 32-bit values)',
    sign: 'use x > 0 ? 1 : x < 0 ? -1 : x',
    log2: 'use Math.log(x) / Math.LN2',
    log10: 'use Math.log(x) / Math.LN10',
    log1p: 'use Math.log(1 + x)',
    expm1: 'use Math.exp(x) - 1',
    imul: 'use (a * b) | 0 when the product fits in 2^53',
    cbrt: 'use Math.pow(x, 1 / 3) (mind negative x)',
    hypot: 'use Math.sqrt(a * a + b * b)',
    clz32: 'count with a loop over the bits',
    fround: 'store through a Float32Array',
    sinh: 'use (Math.exp(x) - Math.exp(-x)) / 2',
    cosh: 'use (Math.exp(x) + Math.exp(-x)) / 2',
    tanh: 'compute from Math.exp',
    asinh: 'compute from Math.log and Math.sqrt',
    acosh: 'compute from Math.log and Math.sqrt',
    atanh: 'use Math.log((1 + x) / (1 - x)) / 2',
  },
  Promise: {
    race: 'resolve a new Promise from whichever callback runs first',
    allSettled: 'wrap each promise with .then(v => ({ok: true, v}), e => ({ok: false, e})) and use Promise.all',
    any: 'chain the promises by hand',
    withResolvers: 'create the Promise and keep its resolve/reject in variables',
  },
  String: {
    raw: 'write the string with explicit escapes',
    fromCodePoint: 'use String.fromCharCode (Espruino strings hold bytes)',
  },
  Uint8Array: { from: 'use new Uint8Array(arrayLike)', of: 'use new Uint8Array([..])' },
  Int8Array: { from: 'use new Int8Array(arrayLike)', of: 'use new Int8Array([..])' },
  Uint8ClampedArray: { from: 'use new Uint8ClampedArray(arrayLike)', of: 'use new Uint8ClampedArray([..])' },
  Uint16Array: { from: 'use new Uint16Array(arrayLike)', of: 'use new Uint16Array([..])' },
  Int16Array: { from: 'use new Int16Array(arrayLike)', of: 'use new Int16Array([..])' },
  Uint32Array: { from: 'use new Uint32Array(arrayLike)', of: 'use new Uint32Array([..])' },
  Int32Array: { from: 'use new Int32Array(arrayLike)', of: 'use new Int32Array([..])' },
  Float32Array: { from: 'use new Float32Array(arrayLike)', of: 'use new Float32Array([..])' },
  Float64Array: { from: 'use new Float64Array(arrayLike)', of: 'use new Float64Array([..])' },
};

const TYPED_ARRAY_MISSING: Readonly<Record<string, string>> = {
  at: 'index from the end with a[a.length - 1]',
  findLast: 'loop backwards with a for loop',
  findLastIndex: 'loop backwards with a for loop',
  entries: 'iterators are not supported: use an index loop',
  keys: 'iterators are not supported: use an index loop',
  values: 'iterators are not supported: use for..of or an index loop',
  toSorted: 'copy (new Uint8Array(a)) and sort the copy',
  toReversed: 'copy and reverse the copy',
  with: 'copy and assign the element',
};

/** Methods of built-in instances that Espruino lacks, by the TypeScript lib interface that declares them. */
export const MISSING_METHODS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  Array: {
    flat: 'concatenate with a loop and concat',
    flatMap: 'map, then concatenate with a loop and concat',
    at: 'index from the end with a[a.length - 1]',
    findLast: 'loop backwards with a for loop',
    findLastIndex: 'loop backwards with a for loop',
    entries: 'iterators are not supported: use an index loop',
    keys: 'iterators are not supported: use an index loop',
    values: 'iterators are not supported: use for..of or an index loop',
    toSorted: 'copy with a.slice() and sort the copy',
    toReversed: 'copy with a.slice() and reverse the copy',
    toSpliced: 'copy with a.slice() and splice the copy',
    with: 'copy with a.slice() and assign the element',
  },
  String: {
    trimStart: 'use s.replace(/^\\s+/, "")',
    trimEnd: 'use s.replace(/\\s+$/, "")',
    trimLeft: 'use s.replace(/^\\s+/, "")',
    trimRight: 'use s.replace(/\\s+$/, "")',
    at: 'index from the end with s[s.length - 1]',
    codePointAt: 'use charCodeAt (Espruino strings hold bytes)',
    localeCompare: 'compare with < and >',
    normalize: 'Espruino strings hold bytes: leave it out',
    matchAll: 'loop with a /g RegExp and exec',
    isWellFormed: 'Espruino strings hold bytes: leave it out',
    toWellFormed: 'Espruino strings hold bytes: leave it out',
  },
  Promise: {
    finally: 'pass the same callback to both .then(f, f)',
  },
  Int8Array: TYPED_ARRAY_MISSING,
  Uint8Array: TYPED_ARRAY_MISSING,
  Uint8ClampedArray: TYPED_ARRAY_MISSING,
  Int16Array: TYPED_ARRAY_MISSING,
  Uint16Array: TYPED_ARRAY_MISSING,
  Int32Array: TYPED_ARRAY_MISSING,
  Uint32Array: TYPED_ARRAY_MISSING,
  Float32Array: TYPED_ARRAY_MISSING,
  Float64Array: TYPED_ARRAY_MISSING,
};
// ReadonlyArray carries the same methods as Array.
(MISSING_METHODS as Record<string, Readonly<Record<string, string>>>).ReadonlyArray = MISSING_METHODS.Array!;

/** Built-in constructors whose `.prototype.<method>` reads give undefined on Espruino (issue 159). */
export const BUILTIN_CONSTRUCTORS: ReadonlySet<string> = new Set([
  'Array', 'Object', 'String', 'Number', 'Boolean', 'Function', 'Promise', 'RegExp', 'Date', 'Error',
  'ArrayBuffer', 'DataView', 'Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array',
  'Int32Array', 'Uint32Array', 'Float32Array', 'Float64Array',
]);

/** Error constructors: `instanceof` against them is false for built-in errors, and extending them is broken. */
export const ERROR_CONSTRUCTORS: ReadonlySet<string> = new Set([
  'Error', 'TypeError', 'RangeError', 'SyntaxError', 'ReferenceError', 'EvalError', 'URIError', 'InternalError',
]);

/**
 * Words Espruino's lexer treats as keywords although JavaScript lets them name variables (src/jslex.c):
 * a variable called `of` or `undefined` is a syntax error on the board.
 */
export const ESPRUINO_ONLY_RESERVED: ReadonlySet<string> = new Set(['of', 'undefined', 'let', 'static', 'super']);

/** Espruino's keywords (src/jslex.c): none of them can name a class member, and a `/` after one starts a regex. */
export const ESPRUINO_KEYWORDS: ReadonlySet<string> = new Set([
  'break', 'case', 'catch', 'class', 'const', 'continue', 'default', 'delete', 'do', 'debugger', 'else', 'extends',
  'false', 'finally', 'for', 'function', 'if', 'in', 'instanceof', 'let', 'new', 'null', 'of', 'return', 'static',
  'super', 'switch', 'this', 'throw', 'true', 'try', 'typeof', 'undefined', 'while', 'var', 'void',
]);

/**
 * The globals compiled firmware may use without declaring them: the standard objects Espruino has
 * and its own API (https://www.espruino.com/Reference). firmware/types declares the subset the firmware uses.
 */
export const ESPRUINO_GLOBALS: ReadonlySet<string> = new Set([
  // language
  'Object', 'Array', 'String', 'Number', 'Boolean', 'Function', 'Math', 'JSON', 'Date', 'RegExp', 'Promise',
  'Error', 'TypeError', 'RangeError', 'SyntaxError', 'ReferenceError', 'InternalError',
  'ArrayBuffer', 'DataView', 'Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array',
  'Int32Array', 'Uint32Array', 'Float32Array', 'Float64Array',
  'parseInt', 'parseFloat', 'isNaN', 'isFinite', 'eval', 'encodeURIComponent', 'decodeURIComponent',
  'btoa', 'atob', 'globalThis', 'NaN', 'Infinity', 'undefined', 'arguments',
  // Espruino
  'console', 'print', 'setTimeout', 'setInterval', 'clearTimeout', 'clearInterval', 'changeInterval',
  'setWatch', 'clearWatch', 'require', 'E', 'process', 'Modules', 'NRF', 'Bluetooth', 'ESP32',
  'Serial1', 'Serial2', 'Serial3', 'USB', 'Telnet', 'LoopbackA', 'LoopbackB', 'Terminal',
  'SPI', 'SPI1', 'SPI2', 'I2C', 'I2C1', 'I2C2', 'OneWire', 'Waveform', 'Pin', 'Graphics', 'Flash',
  'digitalWrite', 'digitalRead', 'digitalPulse', 'pinMode', 'getPinMode', 'analogRead', 'analogWrite',
  'getTime', 'setTime', 'getSerial', 'reset', 'load', 'save', 'dump', 'edit', 'echo', 'trace', 'setBusyIndicator',
  'setSleepIndicator', 'setDeepSleep', 'peek8', 'peek16', 'peek32', 'poke8', 'poke16', 'poke32',
  'LED', 'LED1', 'LED2', 'BTN', 'BTN1',
  ...Array.from({ length: 40 }, (_, i) => `D${i}`),
]);
