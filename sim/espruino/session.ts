// One life of the JavaScript interpreter: from power-on, reset() or load() until the next of those.
// It owns the sandbox and everything JavaScript created in it (timers, watches, sockets, listeners,
// loaded modules); the hardware it talks to (flash, radio, pins) lives in the Runtime.
import { Sandbox, type RunResult } from './sandbox.ts';
import { ObjectEvents } from './events.ts';
import { Timers } from './timers.ts';
import { PinApi } from './pins.ts';
import { NetApi } from './net.ts';
import { ValueFormatter } from './format.ts';
import { prepareForEspruino } from './syntax-check.ts';
import { ScriptSources, type ErrorPosition } from './uncaught.ts';
import { describe } from './describe.ts';
import type { Runtime } from './runtime.ts';
import { installCore } from './api-core.ts';
import { installE } from './api-e.ts';
import { installModules } from './api-modules.ts';
import type { CodeSource, SessionApi } from './session-api.ts';

export class Session implements SessionApi {
  readonly sandbox: Sandbox;
  readonly events: ObjectEvents;
  readonly timers: Timers;
  readonly pins: PinApi;
  readonly net: NetApi;
  readonly formatter: ValueFormatter;
  /** Built-in objects the interpreter delivers device events to. */
  wifi: Record<string, unknown> = {};
  nrf: Record<string, unknown> = {};
  serial1: Record<string, unknown> = {};
  /** Code run from the console since this session began: what save() keeps. */
  readonly consoleCode: string[] = [];
  /** Bytes of code run from each source, for process.memory(). */
  readonly codeBytes: Record<CodeSource, number> = { console: 0, storage: 0 };
  /** Positions of SyntaxErrors raised by the Espruino syntax check. */
  readonly positions = new WeakMap<object, ErrorPosition>();
  /** The code of recent scripts as it ran, to show the line an error points at. */
  readonly sources = new ScriptSources();
  private readonly stops: Array<() => void> = [];
  private stopped = false;

  constructor(readonly rt: Runtime) {
    this.sandbox = new Sandbox(rt.options.timing.execTimeoutMs, {
      now: () => rt.boardTime(),
      unhandledRejection: (reason) => {
        if (this.stopped) return;
        rt.uncaught(this.sandbox.error(`Unhandled promise rejection: ${describe(reason)}`));
        rt.loopSoon();
      },
    });
    const host = {
      invoke: (fn: Function, thisArg: unknown, args: unknown[]) => this.invoke(fn, thisArg, args),
      evaluate: (code: string) => this.evaluate(code),
      fail: (message: string): never => this.fail(message),
    };
    this.events = new ObjectEvents(host);
    this.events.install(Object.getPrototypeOf(this.sandbox.object()) as object);
    this.timers = new Timers(host);
    this.pins = new PinApi(rt.pins, {
      ...host,
      fail: (message, kind) => this.fail(message, kind),
      seconds: () => rt.boardTime() / 1000,
      object: (props) => this.sandbox.object(props),
      buttonPin: rt.services.board.pins.boot,
    }, this.sandbox.intrinsics.Object);
    this.net = new NetApi({
      events: this.events,
      online: () => rt.wifi.connected,
      resolve: (name) => rt.options.hosts[name.toLowerCase()],
      fail: (message) => this.fail(message),
      object: (props) => this.sandbox.object(props),
      chunking: rt.options.netChunking,
      assertionFailed: (what) => rt.assertionFailed(what),
    });
    this.formatter = new ValueFormatter({
      global: this.sandbox.global,
      objectToString: (this.sandbox.intrinsics.Object.prototype as { toString: unknown }).toString,
      pinName: (v) => this.pins.nameOf(v),
    });
    installCore(this);
    installE(this);
    installModules(this);
  }

  get alive(): boolean {
    return !this.stopped;
  }

  /** Something to undo when the session ends. */
  onStop(fn: () => void): void {
    this.stops.push(fn);
  }

  /** Run code as a script (a console line, boot code, a file), after the Espruino syntax check. */
  run(code: string, filename: string, source: CodeSource): RunResult {
    this.codeBytes[source] += code.length;
    let runnable = code;
    if (this.rt.options.syntaxCheck) {
      const prepared = prepareForEspruino(code);
      if (prepared.problem) {
        const { what, line, col } = prepared.problem;
        const error = this.sandbox.error(`${what} ${what.endsWith('s') ? 'are' : 'is'} not supported by Espruino`, 'SyntaxError');
        this.positions.set(error, { line, col, code });
        return { ok: false, error, timedOut: false };
      }
      runnable = prepared.code;
    }
    this.sources.remember(filename, runnable);
    return this.sandbox.run(runnable, filename);
  }

  /** Call a function for a device event or timer; what it throws is reported, not raised. */
  invoke(fn: Function, thisArg: unknown, args: unknown[]): void {
    if (this.stopped) return;
    const r = this.sandbox.call(fn, thisArg, args);
    if (!r.ok) this.rt.uncaught(r.timedOut ? INTERRUPTED : r.error);
    this.rt.loopSoon();
  }

  /** Evaluate a string of code given as a callback (setTimeout("code", ...)). */
  evaluate(code: string): void {
    if (this.stopped) return;
    const r = this.run(code, 'callback', 'console');
    if (!r.ok) this.rt.uncaught(r.timedOut ? INTERRUPTED : r.error);
    this.rt.loopSoon();
  }

  /** Throw an Error of the sandbox realm (Espruino's jsExceptionHere). */
  fail(message: string, kind: 'Error' | 'TypeError' = 'Error'): never {
    throw this.sandbox.error(message, kind);
  }

  /** Define a global the way built-ins are: not enumerable, so it does not show in dumps. */
  defineGlobal(name: string, value: unknown): void {
    Object.defineProperty(this.sandbox.global, name, { value, writable: true, configurable: true, enumerable: false });
  }

  /** A sandbox object whose properties are host functions (a built-in library object). */
  library(methods: Record<string, Function>, props: Record<string, unknown> = {}): Record<string, unknown> {
    const o = this.sandbox.object(props);
    for (const [name, fn] of Object.entries(methods)) {
      Object.defineProperty(o, name, { value: fn, writable: true, configurable: true, enumerable: false });
    }
    return o;
  }

  /** JsVars in use, estimated from the code loaded (facts/espruino.md: a 16 KB program takes about 1000 of
   * 5000 JsVars when loaded from Storage and about 1600 when sent to RAM). */
  memoryUsage(): number {
    return Math.round(260 + this.codeBytes.storage * 0.045 + this.codeBytes.console * 0.085);
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.timers.stop();
    this.pins.stop();
    this.net.closeAll();
    for (const fn of this.stops.splice(0)) fn();
  }
}

/** Marks a run that the time limit stopped: reported as "Execution Interrupted". */
export const INTERRUPTED = Symbol('interrupted');
