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
} as const;

export type HelperName = keyof typeof SOURCES;

/** The helpers a bundle asked for, in a fixed order. */
export class Helpers {
  private readonly used = new Set<HelperName>();

  /** Ask for a helper; returns the identifier to call it by. */
  use(name: HelperName): ts.Identifier {
    this.used.add(name);
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
