// The two places a corpus case runs: its TypeScript source in Node (V8 with everything), and its
// compiled output in the virtual board's JavaScript engine (sim/espruino/sandbox.ts: a node:vm context
// trimmed to what Espruino 2v29 has, with Espruino's quirks). Both get the same small host: console.log
// and print collect lines, timers run on a virtual clock, an uncaught error becomes "Uncaught <message>".
// The compiled code also gets the model's own `E` without the board parts (the build starts with E.setFlags).
import vm from 'node:vm';
import * as esbuild from 'esbuild';
import { setImmediate as tick } from 'node:timers/promises';
import { Sandbox } from '../../sim/espruino/sandbox.ts';
import { formatNumber, ValueFormatter } from '../../sim/espruino/format.ts';
import { languageE } from '../../sim/espruino/api-e.ts';
import { findUnsupportedSyntax } from '../../sim/espruino/syntax-check.ts';

interface Timer { id: number; at: number; fn: Function; every?: number }

type Caller = (fn: Function) => void;

/** console.log/print/setTimeout/setInterval/clearTimeout on a virtual clock, writing into `lines`. */
class Host {
  readonly lines: string[] = [];
  private timers: Timer[] = [];
  private nextId = 1;
  now = 0;

  constructor(private readonly formatNumberAs: (n: number) => string) {}

  format(v: unknown): string {
    if (typeof v === 'string') return v;
    if (typeof v === 'number') return this.formatNumberAs(v);
    if (v === undefined || v === null || typeof v === 'boolean') return String(v);
    if (typeof v === 'function') return '[function]';
    return JSON.stringify(v);
  }

  install(global: Record<string, unknown>): void {
    const log = (...args: unknown[]): void => {
      this.lines.push(args.map((a) => this.format(a)).join(' '));
    };
    global.console = { log, warn: log, error: log, info: log, debug: log };
    global.print = (v: unknown) => log(v);
    global.setTimeout = (fn: Function, ms = 0) => this.add(fn, ms);
    global.setInterval = (fn: Function, ms = 0) => this.add(fn, ms, Math.max(1, ms));
    global.clearTimeout = (id: number) => this.clear(id);
    global.clearInterval = (id: number) => this.clear(id);
  }

  private add(fn: Function, ms: number, every?: number): number {
    const id = this.nextId++;
    this.timers.push({ id, at: this.now + Math.max(0, Number(ms) || 0), fn, every });
    return id;
  }

  private clear(id: number): void {
    this.timers = this.timers.filter((t) => t.id !== id);
  }

  /** Run timers in time order (promise callbacks settle between them), bounded in count. */
  async drain(call: Caller): Promise<void> {
    await tick();
    for (let step = 0; step < 10_000 && this.timers.length > 0; step++) {
      this.timers.sort((a, b) => a.at - b.at || a.id - b.id);
      const t = this.timers[0]!;
      this.now = t.at;
      if (t.every) t.at += t.every;
      else this.timers.shift();
      call(t.fn);
      await tick();
    }
  }
}

/** The case's TypeScript, types stripped and bundled by esbuild, run in a fresh V8 context. */
export async function runSourceInNode(entry: string): Promise<string[]> {
  // the same TypeScript semantics as the firmware build (firmware/tsconfig.json: useDefineForClassFields false)
  const built = await esbuild.build({ entryPoints: [entry], bundle: true, format: 'iife', platform: 'neutral', target: 'esnext', write: false, logLevel: 'silent', tsconfigRaw: { compilerOptions: { useDefineForClassFields: false } } });
  const host = new Host((n) => String(n));
  const context = vm.createContext({});
  host.install(vm.runInContext('globalThis', context) as Record<string, unknown>);
  const uncaught = (e: unknown): void => {
    host.lines.push(`Uncaught ${e instanceof Object && 'message' in e ? String((e as Error).message) : String(e)}`);
  };
  try {
    vm.runInContext(built.outputFiles[0]!.text, context, { timeout: 10_000 });
  } catch (e) {
    uncaught(e);
  }
  await host.drain((fn) => {
    try {
      fn();
    } catch (e) {
      uncaught(e);
    }
  });
  return host.lines;
}

/** Compiled code in the virtual board's JavaScript engine. */
export async function runCompiledInSim(code: string): Promise<string[]> {
  const host = new Host(formatNumber);
  const rejections: unknown[] = [];
  const sandbox = new Sandbox(10_000, { now: () => host.now, unhandledRejection: (r) => rejections.push(r) });
  host.install(sandbox.global);
  installE(sandbox);
  const report = (r: { ok: boolean; error?: unknown }): void => {
    if (!r.ok) host.lines.push(`Uncaught ${r.error instanceof Object && 'message' in (r.error as object) ? String((r.error as Error).message) : String(r.error)}`);
  };
  // the virtual board refuses what a real one cannot parse before running anything
  const bad = findUnsupportedSyntax(code);
  if (bad) {
    host.lines.push(`Uncaught SyntaxError: ${bad.what} at ${bad.line}:${bad.col}`);
    return host.lines;
  }
  report(sandbox.run(code, 'firmware.js'));
  await host.drain((fn) => report(sandbox.call(fn, undefined, [])));
  for (const r of rejections) host.lines.push(`Uncaught (in promise) ${String(r)}`);
  return host.lines;
}

/** The model's E (sim/espruino/api-e.ts), defined as the board defines built-ins: not enumerable. */
function installE(sandbox: Sandbox): void {
  const formatter = new ValueFormatter({
    global: sandbox.global,
    objectToString: (sandbox.intrinsics.Object.prototype as { toString: unknown }).toString,
    pinName: () => undefined,
  });
  const E = sandbox.object();
  for (const [name, fn] of Object.entries(languageE(sandbox, formatter))) {
    Object.defineProperty(E, name, { value: fn, writable: true, configurable: true, enumerable: false });
  }
  Object.defineProperty(sandbox.global, 'E', { value: E, writable: true, configurable: true, enumerable: false });
}
