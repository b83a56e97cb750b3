// The runtime helpers the lowered code calls. Each is a `var` assigned a function expression, placed at
// the top of the bundle before any use, so nothing depends on function hoisting (Espruino has none,
// issue 274), and none reads a method off Array.prototype (undefined on Espruino, issue 159).
import ts from 'typescript';

const SOURCES = {
  /** Copy an array-like (array, string, typed array, arguments) from index `start` into a new array. */
  __slice: 'var __slice = function (a, start) { var r = [], i = start; for (; i < a.length; i++) r.push(a[i]); return r; };',
  /** Object rest: the own enumerable properties of `o` except the keys already taken. */
  __objRest: 'var __objRest = function (o, taken) { var r = {}, ks = Object.keys(o), i = 0; for (; i < ks.length; i++) if (taken.indexOf(ks[i]) < 0) r[ks[i]] = o[ks[i]]; return r; };',
  /**
   * Class inheritance. Statics are copied because Espruino's lookup does not follow a constructor's
   * prototype; the prototype chain goes through Object.create; `constructor` is not enumerable.
   */
  __extends: 'var __extends = function (d, b) { var ks = Object.keys(b), i = 0; for (; i < ks.length; i++) if (ks[i] !== "prototype") d[ks[i]] = b[ks[i]]; d.prototype = Object.create(b.prototype); Object.defineProperty(d.prototype, "constructor", { value: d, writable: true, configurable: true }); };',
  /** `new C(...args)` for the (lowered) classes of the firmware. */
  __new: 'var __new = function (C, args) { var o = Object.create(C.prototype), r = C.apply(o, args); return r !== null && typeof r === "object" ? r : o; };',
  /**
   * `x.toFixed(d)` as V8 gives it. Espruino's own truncates the integer part and rounds only the last digit
   * without carrying (src/jsutils.c ftoa_bounded_extra at RELEASE_2V29): (2.5).toFixed(0) is "2", (1.999).toFixed(2)
   * "1.99". Here x*10^d is computed exactly as p + e (Dekker's product, no fused multiply-add needed), rounded
   * half away from zero on that exact value, and the digits written from the integer (% is exact on Espruino).
   * Values whose digits pass 2^53, NaN, infinities and non-numbers go to the built-in.
   */
  __toFixed: 'var __toFixed = function (x, d) { if (typeof x !== "number") return x.toFixed(d); d = d | 0; var a = x < 0 ? -x : x, s = 1, i = 0, c, h, l, sh, sl, p, e, n, t, r = ""; for (; i < d; i++) s *= 10; p = a * s; if (!(p < 9007199254740992) || d > 20) return x.toFixed(d); c = 134217729 * a; h = c - (c - a); l = a - h; c = 134217729 * s; sh = c - (c - s); sl = s - sh; e = h * sh - p + h * sl + l * sh + l * sl; n = Math.floor(p); t = p - n - 0.5; if (t > 0 || (t === 0 && e >= 0)) n++; do { c = n % 10; r = c + r; n = (n - c) / 10; } while (n > 0); while (r.length <= d) r = "0" + r; if (d > 0) r = r.slice(0, r.length - d) + "." + r.slice(r.length - d); return (x < 0 ? "-" : "") + r; };',
  /** Math.round as JavaScript rounds: halves up, exact beyond 2^53 (Espruino: -2.5 -> -3, 1e20 overflows). */
  __round: 'var __round = function (x) { var r = Math.floor(x); return x - r >= 0.5 ? r + 1 : r; };',
  /**
   * Number(v) (and parseFloat(v) when `prefix`) with JavaScript's rules for text: surrounding whitespace
   * trimmed, "" is 0, 0x/0o/0b only for Number, leading zeros decimal, "1e"/"e3"/"-0x1" rejected. The digits
   * are checked here and only a plain decimal without leading zeros reaches Espruino's Number.
   */
  __num: 'var __num = function (v, prefix) { if (!prefix && typeof v !== "string") return Number(v); var s = String(v), W = function (ch) { var c = ch.charCodeAt(0); return c === 32 || (c >= 9 && c <= 13); }, D = "0123456789", a = 0, b = s.length, i = 0, j, k, n, r, c, neg = false, ip, fp = "", ep = ""; while (a < b && W(s.charAt(a))) a++; if (!prefix) while (b > a && W(s.charAt(b - 1))) b--; s = s.slice(a, b); if (!prefix && s === "") return 0; if (!prefix && s.length > 2 && s.charAt(0) === "0" && "xXoObB".indexOf(s.charAt(1)) >= 0) { c = s.charAt(1).toLowerCase(); r = c === "x" ? 16 : c === "o" ? 8 : 2; n = 0; for (i = 2; i < s.length; i++) { k = "0123456789abcdef".indexOf(s.charAt(i).toLowerCase()); if (k < 0 || k >= r) return NaN; n = n * r + k; } return n; } c = s.charAt(0); if (c === "+" || c === "-") { neg = c === "-"; i = 1; } if (s.substr(i, 8) === "Infinity") { i += 8; n = Infinity; } else { j = i; while (i < s.length && D.indexOf(s.charAt(i)) >= 0) i++; ip = s.slice(j, i); if (s.charAt(i) === ".") { j = ++i; while (i < s.length && D.indexOf(s.charAt(i)) >= 0) i++; fp = s.slice(j, i); } if (ip === "" && fp === "") return NaN; c = s.charAt(i); if (c === "e" || c === "E") { k = i + 1; if (s.charAt(k) === "+" || s.charAt(k) === "-") k++; j = k; while (k < s.length && D.indexOf(s.charAt(k)) >= 0) k++; if (k > j) { ep = s.slice(i, k); i = k; } } while (ip.length > 1 && ip.charAt(0) === "0") ip = ip.slice(1); n = Number((ip === "" ? "0" : ip) + (fp === "" ? "" : "." + fp) + ep); } if (!prefix && i !== s.length) return NaN; return neg ? -n : n; };',
  /**
   * Math.round, Number, parseFloat and Date.now used as values: one argument only (map passes the index as a
   * second). Number() is 0: no declared parameter, since Espruino's arguments.length counts those.
   */
  __number: 'var __number = function () { return arguments.length ? __num(arguments[0]) : 0; };',
  __parseFloat: 'var __parseFloat = function (v) { return __num(v, 1); };',
  __now: 'var __now = function () { return Math.floor(Date.now()); };',
  /**
   * parseInt(v, radix) as JavaScript reads it: Espruino gives 0 for a signed hex number ("-0x1f", "+0x1f") and
   * accepts radixes above 36. The sign is taken here (no whitespace after it) and the rest goes to Espruino's.
   * -"0" is 0 / -Infinity: negating an integer 0 on Espruino gives 0, not -0 (and a literal -0 would be folded).
   */
  __parseInt: 'var __parseInt = function (v, r) { var s = String(v), i = 0, c = s.charCodeAt(0), neg = false, n; while (c === 32 || (c >= 9 && c <= 13)) c = s.charCodeAt(++i); if (c === 43 || c === 45) { neg = c === 45; c = s.charCodeAt(++i); if (c === 32 || (c >= 9 && c <= 13) || c === 43 || c === 45) return NaN; } r = r | 0; if (r !== 0 && (r < 2 || r > 36)) return NaN; n = parseInt(s.slice(i), r); return neg ? (n === 0 ? n / -Infinity : -n) : n; };',
} as const;

/** Helpers that call other helpers. */
const NEEDS: Partial<Record<keyof typeof SOURCES, Array<keyof typeof SOURCES>>> = {
  __number: ['__num'],
  __parseFloat: ['__num'],
};

export type HelperName = keyof typeof SOURCES;

/** The helpers a bundle asked for, in a fixed order. */
export class Helpers {
  private readonly used = new Set<HelperName>();

  /** Ask for a helper; returns the identifier to call it by. */
  use(name: HelperName): ts.Identifier {
    this.used.add(name);
    for (const n of NEEDS[name] ?? []) this.used.add(n);
    return ts.factory.createIdentifier(name);
  }

  /** The helper declarations, as source text to put before any other code. */
  source(): string {
    const order = Object.keys(SOURCES) as HelperName[];
    return order.filter((n) => this.used.has(n)).map((n) => SOURCES[n]).join('\n');
  }

  names(): HelperName[] {
    return [...this.used];
  }
}
