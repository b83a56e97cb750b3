// A conformance program that uses timers runs once more on Espruino with the interpreter held busy where a loaded
// machine can deschedule it: after the top level and at the start of every timer callback. Espruino checks due
// timers before it runs queued promise callbacks, and runs timers that are due together in the order they were
// created (src/jsinteractive.c, jsiIdle), so output that depends on a timer losing a race only shows up after
// such a stall: in CI, now and then. Stalling every time turns that rare failure into one on every run.

/** Longer than the delays the programs use (a few milliseconds), so every timer pending at a stall is due after it. */
export const STALL_MS = 100;

const busy = `var t=Date.now()+${STALL_MS};while(Date.now()<t);`;

// setTimeout and setInterval are wrapped before the program runs; the wrappers are looked up at each call, so the
// program's own timers (and those its promise callbacks set) get the stall. A string callback is left alone.
const WRAP_TIMERS = `(function(){var stall=function(){${busy}};var wrap=function(set){return function(f){` +
  `if(typeof f!="function")return set.apply(undefined,arguments);var a=[].slice.call(arguments,2);` +
  `return set(function(){stall();f.apply(undefined,a);},arguments[1]);};};` +
  `global.setTimeout=wrap(setTimeout);global.setInterval=wrap(setInterval);})();\n`;

/** Does the built code use timers (the only programs a stall can change)? */
export function usesTimers(code: string): boolean {
  return /\bset(Timeout|Interval)\b/.test(code);
}

/** `code` (a build's output) with the stalls put in. */
export function withStalls(code: string): string {
  return `${WRAP_TIMERS}${code}\n(function(){${busy}})();\n`;
}
