// "Uncaught ..." as Espruino reports an exception that nothing caught (jsiCheckErrors in
// src/jsinteractive.c): the thrown value, then where it happened:
//
//   Uncaught ReferenceError: "foo" is not defined
//    at line 1 col 1
//   foo()
//   ^
//
// V8's messages are reworded where Espruino's differ in ways tools and people look for.
import { describe } from './describe.ts';

/** Where a syntax problem found by our own check sits, for the " at line L col C" trace. */
export interface ErrorPosition {
  line: number;
  col: number;
  code: string;
}

/** Recent scripts by file name, so a trace can show the offending line. */
export class ScriptSources {
  private readonly map = new Map<string, string>();

  remember(filename: string, code: string): void {
    this.map.delete(filename);
    this.map.set(filename, code);
    if (this.map.size > 16) this.map.delete(this.map.keys().next().value!);
  }

  get(filename: string): string | undefined {
    return this.map.get(filename);
  }
}

/** V8 wording -> Espruino wording for the errors firmware most often meets. */
function espruinoMessage(name: string, message: string): string {
  let m = /^(\S+) is not defined$/.exec(message);
  if (name === 'ReferenceError' && m) return `"${m[1]}" is not defined`;
  m = /^Cannot read properties of (undefined|null) \(reading '(.*)'\)$/.exec(message);
  if (m) return `Cannot read property '${m[2]}' of ${m[1]}`;
  m = /^Cannot set properties of (undefined|null) \(setting '(.*)'\)$/.exec(message);
  if (m) return `Can't set property '${m[2]}' of ${m[1]}`;
  return message;
}

function errorText(value: unknown): string {
  if (typeof value === 'object' && value !== null) {
    const e = value as { name?: unknown; message?: unknown };
    if (typeof e.name === 'string' && typeof e.message === 'string') {
      const message = espruinoMessage(e.name, e.message);
      return message ? `${e.name}: ${message}` : e.name;
    }
  }
  return describe(value);
}

/** Where in which script V8 says the error happened. */
function locate(value: unknown, sources: ScriptSources, positions: WeakMap<object, ErrorPosition>): ErrorPosition | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const known = positions.get(value);
  if (known) return known;
  const stack = (value as { stack?: unknown }).stack;
  if (typeof stack !== 'string') return undefined;
  // a SyntaxError from compiling: "file:LINE\n<code line>\n   ^^^\n\nSyntaxError: ..."
  const head = /^([^\n:]+):(\d+)\n(.*)\n( *)\^/.exec(stack);
  if (head) {
    const code = sources.get(head[1]!);
    if (code !== undefined) return { line: Number(head[2]), col: head[4]!.length + 1, code };
  }
  // a runtime error: the first stack frame in one of our scripts
  for (const m of stack.matchAll(/\(?([^\s()]+):(\d+):(\d+)\)?$/gm)) {
    const code = sources.get(m[1]!);
    if (code !== undefined) return { line: Number(m[2]), col: Number(m[3]), code };
  }
  return undefined;
}

/** The lines printed for an uncaught value (without line endings converted). */
export function uncaughtReport(value: unknown, sources: ScriptSources, positions: WeakMap<object, ErrorPosition>): string {
  let out = `Uncaught ${errorText(value)}\n`;
  const at = locate(value, sources, positions);
  if (at) {
    const text = at.code.split('\n')[at.line - 1] ?? '';
    out += ` at line ${at.line} col ${at.col}\n${text}\n${' '.repeat(Math.max(0, at.col - 1))}^\n`;
  }
  return out;
}
