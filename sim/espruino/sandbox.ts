// The JavaScript engine of the virtual Espruino: a node:vm context trimmed to what Espruino 2v29 has
// (core/espruino/builtins.ts; docs/espruino.md), with helpers to run code in it and to make values in its realm.
import vm from 'node:vm';
import { MISSING_GLOBALS, MISSING_METHODS, MISSING_STATICS, TYPED_ARRAY_NAMES } from '../../core/espruino/facts.ts';

/**
 * Where the sandbox finds a built-in's statics and prototype members, when not at `Owner` and
 * `Owner.prototype`: Promise and Date are replaced by subclasses (trackPromises, installBoardClock), so their
 * members live on the originals; typed arrays share one hidden parent constructor.
 */
const STATIC_HOLDER: Readonly<Record<string, string>> = {
  Promise: 'Object.getPrototypeOf(Promise)',
  Date: 'Object.getPrototypeOf(Date)',
};
const PROTOTYPE_HOLDER: Readonly<Record<string, string>> = {
  Promise: 'Object.getPrototypeOf(Promise.prototype)',
  Date: 'Object.getPrototypeOf(Date.prototype)',
  ...Object.fromEntries(TYPED_ARRAY_NAMES.map((n) => [n, 'Object.getPrototypeOf(Uint8Array.prototype)'])),
};
const TYPED_ARRAY_STATICS = new Set(['from', 'of']);

/**
 * Missing members the sandbox keeps, with why: V8 itself reads the RegExp flag accessors (replace, match,
 * split go through them) and Error.stackTraceLimit. (V8 also makes some constants permanent: those stay too.)
 */
export const KEPT_IN_SANDBOX: Readonly<Record<string, string>> = {
  'static:Error.stackTraceLimit': 'without it V8 records no stack, and the model reads error positions from the stack',
  'method:RegExp.flags': 'V8 reads it in replace/match/split',
  'method:RegExp.global': 'V8 reads it in replace/match/split',
  'method:RegExp.ignoreCase': 'V8 reads it through flags',
  'method:RegExp.multiline': 'V8 reads it through flags',
  'method:RegExp.sticky': 'V8 reads it through flags',
  'method:RegExp.unicode': 'V8 reads it through flags',
  'method:RegExp.dotAll': 'V8 reads it through flags',
  'method:RegExp.hasIndices': 'V8 reads it through flags',
  'method:RegExp.unicodeSets': 'V8 reads it through flags',
};

/** The realm's own constructors, captured before anything is removed. */
export interface Intrinsics {
  Object: ObjectConstructor;
  Array: ArrayConstructor;
  Error: ErrorConstructor;
  TypeError: ErrorConstructor;
  SyntaxError: ErrorConstructor;
  ReferenceError: ErrorConstructor;
  Uint8Array: Uint8ArrayConstructor;
  ArrayBuffer: ArrayBufferConstructor;
  JSON: JSON;
  Function: FunctionConstructor;
}

export type RunResult = { ok: true; value: unknown } | { ok: false; error: unknown; timedOut: boolean };

export interface SandboxHooks {
  /** Milliseconds on the board's clock (Date.now()). */
  now(): number;
  /** A promise was rejected and nothing handled it. */
  unhandledRejection(reason: unknown): void;
}

export class Sandbox {
  readonly context: vm.Context;
  readonly global: Record<string, unknown>;
  readonly intrinsics: Intrinsics;
  private readonly callScript = new vm.Script('ÿcall.f.apply(ÿcall.t, ÿcall.a)', { filename: 'callback' });
  private readonly callSlot: { f?: Function; t?: unknown; a?: unknown[] } = {};

  constructor(private readonly timeoutMs: number, hooks: SandboxHooks) {
    this.context = vm.createContext({}, { name: 'espruino', codeGeneration: { strings: true, wasm: false } });
    this.global = vm.runInContext('globalThis', this.context) as Record<string, unknown>;
    this.intrinsics = vm.runInContext(
      '({Object, Array, Error, TypeError, SyntaxError, ReferenceError, Uint8Array, ArrayBuffer, JSON, Function})',
      this.context,
    ) as Intrinsics;
    this.installBoardClock(hooks);
    this.trackPromises(hooks);
    this.applyEspruinoQuirks();
    this.removeMissing();
    // the hidden slot callbacks go through (Espruino hides internals behind a \xff prefix too)
    Object.defineProperty(this.global, 'ÿcall', { value: this.callSlot, enumerable: false });
  }

  /** What Espruino lacks goes (core/espruino/builtins.ts), except KEPT_IN_SANDBOX; what V8 will not delete stays. */
  private removeMissing(): void {
    for (const name of Object.keys(MISSING_GLOBALS)) delete this.global[name];
    const remove = (holder: string, names: string[]): void => {
      const target = vm.runInContext(holder, this.context) as Record<string, unknown> | undefined;
      if (target) for (const name of names) Reflect.deleteProperty(target, name);
    };
    for (const [owner, hints] of Object.entries(MISSING_STATICS)) {
      const names = Object.keys(hints).filter((n) => KEPT_IN_SANDBOX[`static:${owner}.${n}`] === undefined);
      if (TYPED_ARRAY_NAMES.includes(owner)) {
        remove('Object.getPrototypeOf(Uint8Array)', names.filter((n) => TYPED_ARRAY_STATICS.has(n)));
        remove(owner, names.filter((n) => !TYPED_ARRAY_STATICS.has(n)));
      } else remove(STATIC_HOLDER[owner] ?? owner, names);
    }
    for (const [owner, hints] of Object.entries(MISSING_METHODS)) {
      if (owner === 'ReadonlyArray') continue;
      const names = Object.keys(hints).filter((n) => KEPT_IN_SANDBOX[`method:${owner}.${n}`] === undefined);
      remove(PROTOTYPE_HOLDER[owner] ?? `${owner}.prototype`, names);
      if (TYPED_ARRAY_NAMES.includes(owner)) remove(`${owner}.prototype`, names);
    }
  }

  /** Run source text as a script; `filename` shows in stacks. */
  run(code: string, filename: string): RunResult {
    let script: vm.Script;
    try {
      script = new vm.Script(code, { filename });
    } catch (error) {
      return { ok: false, error, timedOut: false };
    }
    return this.guard(() => script.runInContext(this.context, { timeout: this.timeoutMs }));
  }

  /** Call a sandbox function from the host with the same time limit as console lines. */
  call(fn: Function, thisArg: unknown, args: unknown[]): RunResult {
    this.callSlot.f = fn;
    this.callSlot.t = thisArg;
    this.callSlot.a = this.array(args);
    try {
      return this.guard(() => this.callScript.runInContext(this.context, { timeout: this.timeoutMs }));
    } finally {
      this.callSlot.f = undefined;
      this.callSlot.t = undefined;
      this.callSlot.a = undefined;
    }
  }

  private guard(fn: () => unknown): RunResult {
    try {
      return { ok: true, value: fn() };
    } catch (error) {
      const timedOut = (error as { code?: string })?.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT';
      return { ok: false, error, timedOut };
    }
  }

  // ---------------------------------------------------------------- values in the sandbox's realm

  /** A plain object of the sandbox realm with these properties. */
  object(props: Record<string, unknown> = {}): Record<string, unknown> {
    const o = new this.intrinsics.Object() as Record<string, unknown>;
    for (const [k, v] of Object.entries(props)) o[k] = v;
    return o;
  }

  array(items: unknown[]): unknown[] {
    const a = new this.intrinsics.Array() as unknown[];
    for (const item of items) a.push(item);
    return a;
  }

  /** JSON-shaped host data (objects, arrays, strings, numbers) copied into the sandbox realm. */
  data<T>(value: T): T {
    if (value === undefined) return value;
    return this.intrinsics.JSON.parse(JSON.stringify(value)) as T;
  }

  bytes(data: Uint8Array): Uint8Array {
    const u = new this.intrinsics.Uint8Array(data.length);
    u.set(data);
    return u;
  }

  /** An Error of the sandbox realm, so `e instanceof Error` holds in firmware code. */
  error(message: string, kind: 'Error' | 'TypeError' | 'SyntaxError' | 'ReferenceError' = 'Error'): Error {
    return new this.intrinsics[kind](message);
  }

  // ---------------------------------------------------------------- setup

  /** Date and Date.now() follow the board's clock, which starts at power-on (no RTC on the ESP32). */
  private installBoardClock(hooks: SandboxHooks): void {
    const make = vm.runInContext(`(function (now) {
      const RealDate = Date;
      class BoardDate extends RealDate {
        constructor(a, b, c, d, e, f, g) {
          if (arguments.length === 0) super(now());
          else if (arguments.length === 1) super(a);
          else super(a, b, c === undefined ? 1 : c, d || 0, e || 0, f || 0, g || 0);
        }
        static now() { return now(); }
      }
      Object.defineProperty(BoardDate, 'name', { value: 'Date' });
      return BoardDate;
    })`, this.context) as (now: () => number) => unknown;
    Object.defineProperty(this.global, 'Date', { value: make(() => hooks.now()), writable: true, configurable: true, enumerable: false });
  }

  /**
   * Promises: a rejection nobody handles is reported on the console (as Espruino does) instead of
   * reaching Node's unhandledRejection, which would take the whole host process down.
   */
  private trackPromises(hooks: SandboxHooks): void {
    const install = vm.runInContext(`(function (report) {
      const RealPromise = Promise;
      const realThen = RealPromise.prototype.then;
      const handled = new WeakSet();
      let internal = false;
      function watch(p) {
        internal = true;
        try {
          realThen.call(p, undefined, function (reason) {
            if (!handled.has(p)) report(reason);
          });
        } finally { internal = false; }
      }
      class BoardPromise extends RealPromise {
        constructor(executor) {
          super(executor);
          if (!internal) watch(this);
        }
        then(onFulfilled, onRejected) {
          handled.add(this);
          return super.then(onFulfilled, onRejected);
        }
      }
      Object.defineProperty(BoardPromise, 'name', { value: 'Promise' });
      return BoardPromise;
    })`, this.context) as (report: (reason: unknown) => void) => unknown;
    Object.defineProperty(this.global, 'Promise', { value: install((reason) => hooks.unhandledRejection(reason)), writable: true, configurable: true, enumerable: false });
  }

  /** Behaviours of Espruino's built-ins that differ from V8's and that firmware can trip over. */
  private applyEspruinoQuirks(): void {
    vm.runInContext(`(function () {
      // JSON.parse ignores its reviver; JSON.stringify ignores its replacer and writes typed arrays as arrays
      const parse = JSON.parse;
      JSON.parse = function (text) { return parse(text); };
      const stringify = JSON.stringify;
      const slice = Array.prototype.slice;
      const isView = ArrayBuffer.isView;
      const plain = function (key, value) {
        return isView(value) && !(value instanceof DataView) ? slice.call(value) : value;
      };
      JSON.stringify = function (value, replacer, space) { return stringify(value, plain, space); };
      // "abc".replace(string, fn) inserts the function's source text instead of calling it
      const replace = String.prototype.replace;
      String.prototype.replace = function (pattern, replacement) {
        if (typeof pattern === 'string' && typeof replacement === 'function') replacement = String(replacement);
        return replace.call(this, pattern, replacement);
      };
    })()`, this.context);
  }
}
