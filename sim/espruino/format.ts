// How Espruino prints values: the console's `=value` after an expression, print()/console.log of
// non-strings, and numbers. A port of jsfGetJSONWithCallback (src/jswrap_json.c), escapeCharacter and
// ftoa_bounded_extra (src/jsutils.c) to values living in a node:vm sandbox (so no instanceof checks:
// objects come from the sandbox's realm).

/** JSONFlags from src/jswrap_json.h, the ones the console uses. */
export const JSON_SOME_NEWLINES = 1;
export const JSON_PRETTY = 4;
export const JSON_LIMIT = 8;
export const JSON_SHOW_DEVICES = 32;
export const JSON_SHOW_OBJECT_NAMES = 256;
export const JSON_DROP_QUOTES = 512;
const JSON_INDENT = 16384;

/** What the console prints after `=` (jsiHandleNewLine). */
export const CONSOLE_RESULT_FLAGS = JSON_LIMIT | JSON_SOME_NEWLINES | JSON_PRETTY | JSON_SHOW_DEVICES | JSON_SHOW_OBJECT_NAMES | JSON_DROP_QUOTES;
/** What print()/console.log use for anything that is not a string (jswrap_interface_print). */
export const PRINT_FLAGS = JSON_PRETTY | JSON_SOME_NEWLINES | JSON_SHOW_OBJECT_NAMES;

const LIMIT_AMOUNT = 15;
const LIMITED_AMOUNT = 5;
const LIMIT_STRING_AMOUNT = 40;
const LIMITED_STRING_AMOUNT = 17;
const ITEMS_ON_LINE_OBJECT = 4;
const LIMIT_TEXT = ' ... ';

export interface FormatContext {
  /** The sandbox's global object: constructors found on it give objects their `Name: ` prefix. */
  global: object;
  /** The sandbox's Object.prototype.toString (a different one means the object prints itself). */
  objectToString: unknown;
  /** "D2" for a Pin object, undefined for anything else. */
  pinName(value: unknown): string | undefined;
}

/** A number as Espruino prints it (ftoa_bounded_extra: integer digits, then at most 11 fractional). */
export function formatNumber(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n < 0 ? '-Infinity' : 'Infinity';
  if (Object.is(n, -0)) return '0';
  const sign = n < 0 ? '-' : '';
  let val = Math.abs(n);
  if (val >= 1e21) {
    // Espruino 2v2x writes big numbers as a two-digit mantissa and an exponent: 1e21 prints 10e+20
    const e = Math.floor(Math.log10(val));
    return `${sign}${formatNumber(val / 10 ** (e - 1))}e+${e - 1}`;
  }
  const stopAtError = 0.0000001;
  // what if we're really close to an integer? Just use that
  if (Math.trunc(val + stopAtError) === 1 + Math.trunc(val)) val = 1 + Math.trunc(val);
  const whole = Math.trunc(val);
  let out = sign + String(whole);
  let frac = val - whole;
  if (frac > 0) {
    out += '.';
    frac *= 10;
    for (let digits = 0; digits < 11 && frac > stopAtError; digits++) {
      const d = Math.min(9, Math.floor(frac));
      out += String(d);
      frac = (frac - d) * 10;
    }
  }
  return out;
}

/** One character escaped the way Espruino quotes strings (escapeCharacter in src/jsutils.c). */
function escapeChar(code: number, next: number): string {
  switch (code) {
    case 0x08: return '\\b';
    case 0x0c: return '\\f';
    case 0x0a: return '\\n';
    case 0x0d: return '\\r';
    case 0x09: return '\\t';
    case 0x0b: return '\\v';
    case 0x5c: return '\\\\';
    case 0x22: return '\\"';
  }
  if (code < 8 && !(next >= 0x30 && next <= 0x37)) return `\\${code}`;
  if (code < 32 || (code >= 127 && code < 256)) return `\\x${code.toString(16).toUpperCase().padStart(2, '0')}`;
  if (code >= 256) return `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return String.fromCharCode(code);
}

/** A string in double quotes with Espruino's escapes (cbprintf's %q). */
export function quote(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) out += escapeChar(s.charCodeAt(i), i + 1 < s.length ? s.charCodeAt(i + 1) : 0);
  return `${out}"`;
}

const ID_STRING = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function tagOf(v: object): string {
  return Object.prototype.toString.call(v).slice(8, -1);
}

/** The parameter list of a function from its source text, joined the way Espruino lists them. */
function paramsOf(fn: Function): string {
  let src: string;
  try {
    src = Function.prototype.toString.call(fn);
  } catch {
    return '';
  }
  const arrow = /^\s*(?:async\s+)?([A-Za-z_$][\w$]*)\s*=>/.exec(src);
  if (arrow) return arrow[1]!;
  if (/^\s*class\b/.test(src)) {
    const ctor = /\bconstructor\s*\(([^)]*)\)/.exec(src);
    return ctor ? ctor[1]!.replace(/\s+/g, '') : '';
  }
  const open = src.indexOf('(');
  if (open < 0) return '';
  let depth = 0;
  for (let i = open; i < src.length; i++) {
    if (src[i] === '(') depth++;
    else if (src[i] === ')' && --depth === 0) return src.slice(open + 1, i).replace(/\/\*.*?\*\//g, '').replace(/\s+/g, '');
  }
  return '';
}

function bodyOf(fn: Function): string {
  const src = Function.prototype.toString.call(fn);
  const open = src.indexOf('{');
  const close = src.lastIndexOf('}');
  if (open < 0 || close <= open) {
    const arrow = src.indexOf('=>');
    return arrow >= 0 ? `return ${src.slice(arrow + 2).trim()}` : '';
  }
  return src.slice(open + 1, close).trim();
}

export class ValueFormatter {
  constructor(private readonly ctx: FormatContext) {}

  /** The text jsfPrintJSON would print for `value` with `flags`. */
  format(value: unknown, flags: number): string {
    const out: string[] = [];
    this.emit(value, flags, new Set(), out);
    return out.join('');
  }

  private newLine(flags: number, out: string[]): void {
    out.push('\n', '  '.repeat(Math.floor(flags / JSON_INDENT)));
  }

  private emit(v: unknown, flags: number, busy: Set<object>, out: string[]): void {
    const nflags = flags + JSON_INDENT;
    if (v === undefined) return void out.push('undefined');
    if (v === null) return void out.push('null');
    if (typeof v === 'number') return void out.push(formatNumber(v));
    if (typeof v === 'boolean') return void out.push(v ? 'true' : 'false');
    if (typeof v === 'bigint') return void out.push(String(v));
    if (typeof v === 'symbol') return void out.push(String(v));
    if (typeof v === 'string') {
      if (flags & JSON_LIMIT && v.length > LIMIT_STRING_AMOUNT) {
        out.push(quote(v.slice(0, LIMITED_STRING_AMOUNT)), LIMIT_TEXT, quote(v.slice(-LIMITED_STRING_AMOUNT)));
      } else out.push(quote(v));
      return;
    }
    const pin = this.ctx.pinName(v);
    if (pin) return void out.push(pin);
    if (typeof v === 'function') {
      const body = flags & JSON_LIMIT ? `{${LIMIT_TEXT}}` : bodyOf(v).includes('\n') ? `{\n  ${bodyOf(v)}\n}` : `{${bodyOf(v)}}`;
      const src = Function.prototype.toString.call(v);
      out.push(`function (${paramsOf(v)}) ${src.includes('[native code]') ? '{ [native code] }' : body}`);
      return;
    }
    const obj = v as Record<string, unknown>;
    if (busy.has(obj)) return void out.push(LIMIT_TEXT);
    busy.add(obj);
    try {
      if (Array.isArray(obj)) this.emitArray(obj, flags, nflags, busy, out);
      else if (tagOf(obj) === 'ArrayBuffer' || (ArrayBuffer.isView(obj) && tagOf(obj) !== 'DataView')) this.emitTyped(obj, flags, out);
      else this.emitObject(obj, flags, nflags, busy, out);
    } finally {
      busy.delete(obj);
    }
  }

  private emitArray(arr: unknown[], flags: number, nflags: number, busy: Set<object>, out: string[]): void {
    const length = arr.length;
    const limited = (flags & JSON_LIMIT) !== 0 && length > LIMIT_AMOUNT;
    let needNewLine = false;
    out.push(flags & JSON_PRETTY ? '[ ' : '[');
    let first = true;
    for (let i = 0; i < length; i++) {
      if (limited && i >= LIMITED_AMOUNT && i < length - LIMITED_AMOUNT) continue;
      if (!first) out.push(flags & JSON_PRETTY ? ', ' : ',');
      first = false;
      if (limited && i === length - LIMITED_AMOUNT) out.push(LIMIT_TEXT);
      const item = arr[i];
      const newNeedsNewLine = (flags & JSON_SOME_NEWLINES) !== 0 && needsNewLine(item);
      if (needNewLine || newNeedsNewLine) {
        this.newLine(nflags, out);
        needNewLine = false;
      }
      this.emit(item, nflags, busy, out);
      needNewLine = newNeedsNewLine;
    }
    if (flags & JSON_PRETTY) {
      const extra = Object.keys(arr).filter((k) => !/^\d+$/.test(k));
      needNewLine = this.emitProperties(arr as unknown as Record<string, unknown>, extra, flags, nflags, busy, out, first) || needNewLine;
    }
    if (needNewLine) this.newLine(flags, out);
    out.push(flags & JSON_PRETTY ? ' ]' : ']');
  }

  private emitTyped(obj: object, flags: number, out: string[]): void {
    const isBuffer = tagOf(obj) === 'ArrayBuffer';
    const view = isBuffer ? new Uint8Array(obj as ArrayBuffer) : (obj as unknown as ArrayLike<number>);
    const name = isBuffer ? 'Uint8Array' : tagOf(obj);
    const length = view.length;
    let allZero = true;
    for (let i = 0; i < length; i++) if (Number(view[i]) !== 0) allZero = false;
    if (allZero) return void out.push(`new ${tagOf(obj)}(${isBuffer ? (obj as ArrayBuffer).byteLength : length})`);
    const limited = (flags & JSON_LIMIT) !== 0 && length > LIMIT_AMOUNT;
    out.push(`new ${name}([`);
    for (let i = 0; i < length; i++) {
      if (limited && i >= LIMITED_AMOUNT && i < length - LIMITED_AMOUNT) continue;
      if (i > 0) out.push(flags & JSON_PRETTY ? ', ' : ',');
      if (limited && i === length - LIMITED_AMOUNT) out.push(LIMIT_TEXT);
      const item = view[i];
      out.push(typeof item === 'bigint' ? String(item) : formatNumber(Number(item)));
    }
    out.push('])');
    if (isBuffer) out.push('.buffer');
  }

  private emitObject(obj: Record<string, unknown>, flags: number, nflags: number, busy: Set<object>, out: string[]): void {
    if (flags & JSON_SHOW_OBJECT_NAMES) {
      const proto = Object.getPrototypeOf(obj) as Record<string, unknown> | null;
      const ctor = proto && Object.prototype.hasOwnProperty.call(proto, 'constructor') ? proto.constructor : undefined;
      const name = ctor ? this.globalNameOf(ctor) : undefined;
      if (name) {
        out.push(`${name}: `);
        const toString = (obj as { toString?: unknown }).toString;
        if (typeof toString === 'function' && toString !== this.ctx.objectToString) {
          out.push(String(toString.call(obj)));
          return;
        }
      }
    }
    out.push(flags & JSON_PRETTY ? '{ ' : '{');
    const needNewLine = this.emitProperties(obj, Object.keys(obj), flags, nflags, busy, out, true);
    if (needNewLine) this.newLine(flags, out);
    out.push(flags & JSON_PRETTY ? ' }' : '}');
  }

  /** The object's items (jsfGetJSONForObjectItWithCallback); returns whether a newline is pending. */
  private emitProperties(obj: Record<string, unknown>, keys: string[], flags: number, nflags: number, busy: Set<object>, out: string[], first: boolean): boolean {
    let needNewLine = false;
    let sinceNewLine = 0;
    for (const key of keys) {
      const desc = Object.getOwnPropertyDescriptor(obj, key);
      if (!desc || desc.get || desc.set) continue; // getters and setters are not shown
      const item = desc.value;
      sinceNewLine++;
      if (!first) out.push(flags & JSON_PRETTY ? ', ' : ',');
      const newNeedsNewLine = (flags & JSON_SOME_NEWLINES) !== 0 && needsNewLine(item);
      if ((flags & JSON_SOME_NEWLINES) && sinceNewLine > ITEMS_ON_LINE_OBJECT) needNewLine = true;
      if (needNewLine || newNeedsNewLine) {
        this.newLine(nflags, out);
        needNewLine = false;
        sinceNewLine = 0;
      }
      const bare = flags & JSON_DROP_QUOTES && (/^-?\d+$/.test(key) || (key.length < 63 && ID_STRING.test(key)));
      out.push(bare ? key : quote(key), flags & JSON_PRETTY ? ': ' : ':');
      first = false;
      this.emit(item, nflags, busy, out);
      needNewLine = newNeedsNewLine;
    }
    return needNewLine;
  }

  /** The global variable name a constructor is stored under, if any (jsvGetIndexOf(execInfo.root, ...)). */
  private globalNameOf(ctor: unknown): string | undefined {
    const g = this.ctx.global as Record<string, unknown>;
    for (const key of Object.keys(g)) {
      if (g[key] === ctor) return key;
    }
    return undefined;
  }
}

function needsNewLine(v: unknown): boolean {
  return !(v === undefined || v === null || typeof v === 'number' || typeof v === 'boolean');
}
