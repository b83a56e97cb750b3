// What exists on each built-in of Espruino 2v29 (the ESP32 build shares its language core with the Linux
// build the probe runs on): the globals, statics and prototype members it lacks, each with what to write
// instead, and the members it has. The compiler's refusals and output check, the virtual board's sandbox and
// the facts probe (core/espruino/probe.ts, run against the real interpreter by a test) all read these tables.
// docs/espruino.md explains them.

import { ESP32_GLOBALS } from './esp32-globals.ts';

type Hints = Readonly<Record<string, string>>;

// The tables are looked up by member names from user code ("toString", "constructor"): objects without a
// prototype, so such a name finds nothing instead of Object.prototype's member.
function bare<T extends object>(o: T): T {
  return Object.assign(Object.create(null) as T, o);
}
function bareTables(o: Record<string, Hints>): Readonly<Record<string, Hints>> {
  return bare(Object.fromEntries(Object.entries(o).map(([k, v]) => [k, bare(v)])));
}

/** The typed array constructors Espruino has. */
export const TYPED_ARRAY_NAMES: readonly string[] = [
  'Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array', 'Float32Array', 'Float64Array',
];

/** Globals Espruino does not define, with what to write instead. */
export const MISSING_GLOBALS: Hints = bare({
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
  WebAssembly: 'write the code in TypeScript',
  RangeError: 'throw an Error (or TypeError) with a clear message',
  EvalError: 'throw an Error with a clear message',
  URIError: 'throw an Error with a clear message',
  encodeURI: 'use encodeURIComponent on each part',
  decodeURI: 'use decodeURIComponent on each part',
  escape: 'use encodeURIComponent',
  unescape: 'use decodeURIComponent',
  setImmediate: 'use setTimeout(fn, 0)',
  clearImmediate: 'use clearTimeout',
  Buffer: 'use Uint8Array, E.toString and E.toUint8Array',
  URL: 'split the URL text by hand (indexOf and slice)',
  URLSearchParams: 'split the query text by hand',
  fetch: 'use require("http") on the board',
  performance: 'use getTime() (seconds, with a fraction) or Date.now()',
  crypto: 'use require("crypto") where the board has it',
  AbortController: 'keep a cancelled flag and check it',
  EventTarget: 'use an object with on/emit (Espruino objects have .on and .emit)',
});

/** Static members of built-in objects that Espruino lacks. */
export const MISSING_STATICS: Readonly<Record<string, Hints>> = bareTables({
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
    is: 'use === (and x !== x for NaN)',
    hasOwn: 'use Object.prototype.hasOwnProperty through an instance: o.hasOwnProperty(k)',
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
  Date: {
    UTC: 'use new Date(year, month, day, ...).getTime(): the board keeps UTC unless E.setTimeZone was called',
  },
  Error: {
    captureStackTrace: 'leave it out: Espruino errors carry a .stack of their own',
    stackTraceLimit: 'leave it out',
  },
  ArrayBuffer: {
    isView: 'test for the typed array you expect: x instanceof Uint8Array',
  },
  ...typedArrayStatics(),
});

function typedArrayStatics(): Record<string, Hints> {
  const out: Record<string, Hints> = {};
  for (const name of TYPED_ARRAY_NAMES) {
    out[name] = {
      from: `use new ${name}(arrayLike)`,
      of: `use new ${name}([..])`,
      BYTES_PER_ELEMENT: 'write the element size as a constant',
    };
  }
  return out;
}

const TYPED_ARRAY_MISSING: Hints = {
  at: 'index from the end with a[a.length - 1]',
  findLast: 'loop backwards with a for loop',
  findLastIndex: 'loop backwards with a for loop',
  lastIndexOf: 'loop backwards from a.length - 1 and compare with ===',
  reduceRight: 'loop backwards with a for loop',
  copyWithin: 'copy with a loop, or a.set(a.subarray(start, end), target)',
  entries: 'iterators are not supported: use an index loop',
  keys: 'iterators are not supported: use an index loop',
  values: 'iterators are not supported: use for..of or an index loop',
  toSorted: 'copy (new Uint8Array(a)) and sort the copy',
  toReversed: 'copy and reverse the copy',
  with: 'copy and assign the element',
  BYTES_PER_ELEMENT: 'write the element size as a constant',
};

const HTML_METHOD = 'build the HTML text with + instead';

const ARRAY_MISSING: Hints = {
  flat: 'concatenate with a loop and concat',
  flatMap: 'map, then concatenate with a loop and concat',
  at: 'index from the end with a[a.length - 1]',
  findLast: 'loop backwards with a for loop',
  findLastIndex: 'loop backwards with a for loop',
  lastIndexOf: 'loop backwards from a.length - 1 and compare with ===',
  reduceRight: 'loop backwards with a for loop, or reverse a copy and use reduce',
  copyWithin: 'copy the elements with a loop',
  entries: 'iterators are not supported: use an index loop',
  keys: 'iterators are not supported: use an index loop',
  values: 'iterators are not supported: use for..of or an index loop',
  toSorted: 'copy with a.slice() and sort the copy',
  toReversed: 'copy with a.slice() and reverse the copy',
  toSpliced: 'copy with a.slice() and splice the copy',
  with: 'copy with a.slice() and assign the element',
};

/** Methods of built-in instances that Espruino lacks, by the TypeScript lib interface that declares them. */
export const MISSING_METHODS: Readonly<Record<string, Hints>> = bareTables({
  Array: ARRAY_MISSING,
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
    search: 'use a RegExp\'s exec(s) and read .index (or -1 when it returns null)',
    toLocaleLowerCase: 'use toLowerCase',
    toLocaleUpperCase: 'use toUpperCase',
    isWellFormed: 'Espruino strings hold bytes: leave it out',
    toWellFormed: 'Espruino strings hold bytes: leave it out',
    anchor: HTML_METHOD, big: HTML_METHOD, blink: HTML_METHOD, bold: HTML_METHOD, fixed: HTML_METHOD, fontcolor: HTML_METHOD,
    fontsize: HTML_METHOD, italics: HTML_METHOD, link: HTML_METHOD, small: HTML_METHOD, strike: HTML_METHOD, sub: HTML_METHOD, sup: HTML_METHOD,
  },
  Number: {
    toPrecision: 'use toFixed with the number of decimals you need',
    toExponential: 'format the mantissa and exponent by hand (Math.log(x) / Math.LN10)',
  },
  Object: {
    isPrototypeOf: 'use instanceof, or compare Object.getPrototypeOf(x) with the prototype',
  },
  Date: {
    getUTCDate: 'use getDate(): the board keeps UTC unless E.setTimeZone was called',
    getUTCDay: 'use getDay(): the board keeps UTC unless E.setTimeZone was called',
    getUTCFullYear: 'use getFullYear(): the board keeps UTC unless E.setTimeZone was called',
    getUTCHours: 'use getHours(): the board keeps UTC unless E.setTimeZone was called',
    getUTCMilliseconds: 'use getMilliseconds()',
    getUTCMinutes: 'use getMinutes(): the board keeps UTC unless E.setTimeZone was called',
    getUTCMonth: 'use getMonth(): the board keeps UTC unless E.setTimeZone was called',
    getUTCSeconds: 'use getSeconds()',
    setUTCDate: 'use setDate()', setUTCFullYear: 'use setFullYear()', setUTCHours: 'use setHours()',
    setUTCMilliseconds: 'use setMilliseconds()', setUTCMinutes: 'use setMinutes()', setUTCMonth: 'use setMonth()', setUTCSeconds: 'use setSeconds()',
    toDateString: 'format getFullYear/getMonth/getDate by hand, or use toISOString().slice(0, 10)',
    toTimeString: 'format getHours/getMinutes/getSeconds by hand',
    toGMTString: 'use toUTCString or toISOString',
    getYear: 'use getFullYear() - 1900',
    setYear: 'use setFullYear',
  },
  RegExp: {
    global: 'keep the flags in a constant next to the RegExp',
    ignoreCase: 'keep the flags in a constant next to the RegExp',
    multiline: 'keep the flags in a constant next to the RegExp',
    sticky: 'the y flag is not supported',
    unicode: 'the u flag is ignored by Espruino',
    dotAll: 'the s flag is not supported',
    hasIndices: 'the d flag is not supported',
    unicodeSets: 'the v flag is not supported',
    flags: 'Espruino sets .flags only on a RegExp created with flags: keep them in a constant',
    compile: 'create a new RegExp',
  },
  Promise: {
    finally: 'pass the same callback to both .then(f, f)',
  },
  ArrayBuffer: {
    slice: 'copy through a view: new Uint8Array(buf, start, length).slice().buffer, or E.toArrayBuffer',
    resize: 'allocate a new ArrayBuffer and copy',
    resizable: 'ArrayBuffers are never resizable on Espruino',
    maxByteLength: 'use byteLength',
  },
  DataView: {
    getBigInt64: 'read two 32-bit halves with getInt32/getUint32',
    setBigInt64: 'write two 32-bit halves with setInt32/setUint32',
    getBigUint64: 'read two 32-bit halves with getUint32',
    setBigUint64: 'write two 32-bit halves with setUint32',
  },
  ...Object.fromEntries(TYPED_ARRAY_NAMES.map((n) => [n, TYPED_ARRAY_MISSING])),
  // ReadonlyArray carries the same methods as Array
  ReadonlyArray: ARRAY_MISSING,
});

/**
 * Members Espruino has, by owner: the probe checks each is there, and the virtual board's sandbox must keep
 * them. Prototype members are read from an instance (INSTANCE_OF): Espruino gives undefined for
 * `Array.prototype.x` reads (issue 159) although instances have the method.
 */
export const PRESENT_STATICS: Readonly<Record<string, readonly string[]>> = {
  Object: ['keys', 'values', 'entries', 'fromEntries', 'assign', 'create', 'defineProperty', 'defineProperties', 'getPrototypeOf', 'setPrototypeOf', 'getOwnPropertyNames', 'getOwnPropertyDescriptor', 'getOwnPropertyDescriptors'],
  Array: ['isArray'],
  String: ['fromCharCode'],
  Number: ['MAX_VALUE', 'MIN_VALUE', 'NaN', 'NEGATIVE_INFINITY', 'POSITIVE_INFINITY'],
  Math: ['abs', 'sign', 'acos', 'asin', 'atan', 'atan2', 'ceil', 'cos', 'exp', 'floor', 'log', 'max', 'min', 'pow', 'random', 'round', 'sin', 'sqrt', 'tan', 'E', 'LN10', 'LN2', 'LOG10E', 'LOG2E', 'PI', 'SQRT1_2', 'SQRT2'],
  JSON: ['parse', 'stringify'],
  Date: ['now', 'parse'],
  Promise: ['all', 'resolve', 'reject'],
};

export const PRESENT_METHODS: Readonly<Record<string, readonly string[]>> = {
  Object: ['hasOwnProperty', 'toString', 'valueOf'],
  Array: ['concat', 'every', 'fill', 'filter', 'find', 'findIndex', 'forEach', 'includes', 'indexOf', 'join', 'map', 'pop', 'push', 'reduce', 'reverse', 'shift', 'slice', 'some', 'sort', 'splice', 'toString', 'unshift'],
  String: ['charAt', 'charCodeAt', 'concat', 'endsWith', 'includes', 'indexOf', 'lastIndexOf', 'match', 'padEnd', 'padStart', 'repeat', 'replace', 'replaceAll', 'slice', 'split', 'startsWith', 'substr', 'substring', 'toLowerCase', 'toUpperCase', 'toString', 'trim', 'valueOf'],
  Number: ['toFixed', 'toString', 'valueOf'],
  Boolean: ['toString', 'valueOf'],
  Function: ['apply', 'bind', 'call', 'toString'],
  Date: ['getDate', 'getDay', 'getFullYear', 'getHours', 'getMilliseconds', 'getMinutes', 'getMonth', 'getSeconds', 'getTime', 'getTimezoneOffset', 'setDate', 'setFullYear', 'setHours', 'setMilliseconds', 'setMinutes', 'setMonth', 'setSeconds', 'setTime', 'toISOString', 'toJSON', 'toString', 'toUTCString', 'valueOf'],
  RegExp: ['exec', 'test', 'source', 'lastIndex'],
  Promise: ['then', 'catch'],
  Error: ['message', 'toString'],
  ArrayBuffer: ['byteLength'],
  DataView: ['getFloat32', 'getFloat64', 'getInt16', 'getInt32', 'getInt8', 'getUint16', 'getUint32', 'getUint8', 'setFloat32', 'setFloat64', 'setInt16', 'setInt32', 'setInt8', 'setUint16', 'setUint32', 'setUint8', 'buffer', 'byteLength', 'byteOffset'],
  Uint8Array: ['buffer', 'byteLength', 'byteOffset', 'every', 'fill', 'filter', 'find', 'findIndex', 'forEach', 'includes', 'indexOf', 'join', 'length', 'map', 'reduce', 'reverse', 'set', 'slice', 'some', 'sort', 'subarray', 'toString'],
};

/** A JavaScript expression giving an instance of each owner of PRESENT_METHODS / MISSING_METHODS, for probing. */
export const INSTANCE_OF: Readonly<Record<string, string>> = {
  Object: '({})', Array: '[]', String: '"s"', Number: '(1)', Boolean: 'true', Function: '(function () {})',
  Date: 'new Date(0)', RegExp: '/a/', Promise: 'Promise.resolve(1)', Error: 'new Error("x")',
  ArrayBuffer: 'new ArrayBuffer(4)', DataView: 'new DataView(new ArrayBuffer(8))',
  ...Object.fromEntries(TYPED_ARRAY_NAMES.map((n) => [n, `new ${n}(2)`])),
};

/** Built-in constructors whose `.prototype.<method>` reads give undefined on Espruino (issue 159). */
export const BUILTIN_CONSTRUCTORS: ReadonlySet<string> = new Set([
  'Array', 'Object', 'String', 'Number', 'Boolean', 'Function', 'Promise', 'RegExp', 'Date', 'Error',
  'ArrayBuffer', 'DataView', ...TYPED_ARRAY_NAMES,
]);

/** Error constructors: `instanceof` against them is false for built-in errors, and extending them is broken. */
export const ERROR_CONSTRUCTORS: ReadonlySet<string> = new Set([
  'Error', 'TypeError', 'RangeError', 'SyntaxError', 'ReferenceError', 'EvalError', 'URIError', 'InternalError',
]);

/** The ECMAScript globals Espruino has (the virtual board's sandbox has these from V8). */
export const STANDARD_GLOBALS: readonly string[] = [
  'Object', 'Array', 'String', 'Number', 'Boolean', 'Function', 'Math', 'JSON', 'Date', 'RegExp', 'Promise',
  'Error', 'TypeError', 'SyntaxError', 'ReferenceError',
  'ArrayBuffer', 'DataView', ...TYPED_ARRAY_NAMES,
  'parseInt', 'parseFloat', 'isNaN', 'isFinite', 'eval', 'encodeURIComponent', 'decodeURIComponent',
  'globalThis', 'NaN', 'Infinity',
];

/** The globals every Espruino build has (checked by the probe): the standard ones and Espruino's own API. */
export const LANGUAGE_GLOBALS: readonly string[] = [
  ...STANDARD_GLOBALS,
  'InternalError', 'btoa', 'atob', 'console', 'print', 'setTimeout', 'setInterval', 'clearTimeout', 'clearInterval', 'changeInterval',
  'setWatch', 'clearWatch', 'require', 'E', 'process', 'Modules', 'getTime', 'setTime', 'getSerial', 'reset',
  'load', 'save', 'dump', 'edit', 'echo', 'trace', 'peek8', 'peek16', 'peek32', 'poke8', 'poke16', 'poke32',
  'digitalWrite', 'digitalRead', 'digitalPulse', 'pinMode', 'getPinMode', 'analogRead', 'analogWrite',
  'SPI', 'I2C', 'OneWire', 'Waveform', 'Pin', 'Graphics', 'Serial1', 'LoopbackA', 'LoopbackB', 'Telnet',
];

/**
 * The globals compiled firmware may use without declaring them: LANGUAGE_GLOBALS plus what only the ESP32
 * build has (its Bluetooth, pins and peripherals), as generated from Espruino's sources with
 * firmware/types/espruino.d.ts (esp32-globals.ts).
 */
export const ESPRUINO_GLOBALS: ReadonlySet<string> = new Set([
  ...LANGUAGE_GLOBALS,
  'undefined', 'arguments',
  ...ESP32_GLOBALS,
]);
