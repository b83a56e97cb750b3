// What the built-in APIs (api-*.ts) use of a session. Session implements it; the APIs depend on this
// surface rather than on the session that installs them, so session.ts and api-*.ts form no import circle.
import type { Sandbox, RunResult } from './sandbox.ts';
import type { ObjectEvents } from './events.ts';
import type { Timers } from './timers.ts';
import type { PinApi } from './pins.ts';
import type { NetApi } from './net.ts';
import type { ValueFormatter } from './format.ts';
import type { Runtime } from './runtime.ts';

export type CodeSource = 'console' | 'storage';

export interface SessionApi {
  readonly rt: Runtime;
  readonly sandbox: Sandbox;
  readonly events: ObjectEvents;
  readonly timers: Timers;
  readonly pins: PinApi;
  readonly net: NetApi;
  readonly formatter: ValueFormatter;
  /** Built-in objects the interpreter delivers device events to. */
  wifi: Record<string, unknown>;
  nrf: Record<string, unknown>;
  serial1: Record<string, unknown>;
  /** Something to undo when the session ends. */
  onStop(fn: () => void): void;
  /** Run code as a script (a console line, boot code, a file), after the Espruino syntax check. */
  run(code: string, filename: string, source: CodeSource): RunResult;
  /** Call a function for a device event or timer; what it throws is reported, not raised. */
  invoke(fn: Function, thisArg: unknown, args: unknown[]): void;
  /** Throw an Error of the sandbox realm (Espruino's jsExceptionHere). */
  fail(message: string, kind?: 'Error' | 'TypeError'): never;
  /** Define a global the way built-ins are: not enumerable, so it does not show in dumps. */
  defineGlobal(name: string, value: unknown): void;
  /** A sandbox object whose properties are host functions (a built-in library object). */
  library(methods: Record<string, Function>, props?: Record<string, unknown>): Record<string, unknown>;
  /** JsVars in use, estimated from the code loaded. */
  memoryUsage(): number;
}
