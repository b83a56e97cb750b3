// setWatch on the virtual Espruino as 2v29 does it (src/jswrap_io.c, src/jsinteractive.c): with `debounce` a
// burst of bounces is one event with the level it settled at, a bounce back to the old level is none; without,
// every edge is one; D0 (the ESP32 build's BTN1) defaults to rising edges with 25 ms debounce.
// Each case runs on the model and on the real interpreter (whose setWatch is the stand-ins' replacement,
// sim/espruino-real/esp32-modules.ts). Pins are driven as board.setPin does. Bounces are sent synchronously,
// so they are one burst however loaded the machine is; "nothing happened" is only concluded once a later
// event proves the debounce timeout is over: a program timer started after the bounces, with a longer delay,
// has run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BenchBoard } from '../../sim/espruino/bench-board.ts';
import { needsRealEspruino } from '../helpers/espruino.ts';
import { HostConsole, startRealBoard } from '../helpers/real-board.ts';

const FAST = { timing: { bootDelayMs: 5, wifiConnectMs: 20, wifiAttemptMs: 10 } };
/** Guards against hanging only. */
const WAIT_MS = 30_000;
/** A pin no case watches: driving it and seeing the program read it proves earlier levels have arrived. */
const FENCE_PIN = 13;

interface WatchEvent {
  s: boolean;
  t: number;
  l?: number;
}

/** One board, whichever interpreter runs on it: its console and its pins. */
interface Bench {
  send(text: string): void;
  /** What the console printed since the last clearOutput(). */
  readonly output: string;
  clearOutput(): void;
  waitFor(pattern: RegExp, timeoutMs: number): Promise<string>;
  setPin(pin: number, level: 0 | 1): void;
  close(): Promise<void>;
  fence: 0 | 1;
}

async function modelBench(): Promise<Bench> {
  const b = new BenchBoard({ espruino: FAST });
  await b.waitFor(/Donate\r\n\r\n>$/, WAIT_MS);
  b.clearOutput();
  return {
    send: (text) => b.send(text),
    get output() { return b.output; },
    clearOutput: () => b.clearOutput(),
    waitFor: (pattern, timeoutMs) => b.waitFor(pattern, timeoutMs),
    setPin: (pin, level) => b.personality.setPin(pin, level),
    close: () => b.close(),
    fence: 0,
  };
}

async function realBench(): Promise<Bench> {
  const board = await startRealBoard({ pacing: false });
  const con = await HostConsole.open(board);
  return {
    send: (text) => con.send(text),
    get output() { return con.text; },
    clearOutput: () => con.clear(),
    waitFor: (pattern, timeoutMs) => con.waitFor(pattern, timeoutMs),
    setPin: (pin, level) => board.setPin(pin, level),
    close: async () => {
      await con.close();
      await board.close();
    },
    fence: 0,
  };
}

const personalities = [
  { name: 'model', start: modelBench, skip: false as const },
  { name: 'real interpreter', start: realBench, skip: needsRealEspruino },
];

/** Run a line unechoed; a DLE line prints no prompt, so a second one says it has run. */
async function run(b: Bench, code: string): Promise<void> {
  b.clearOutput();
  b.send(`\x10${code}\n\x10print("ran")\n`);
  const out = await b.waitFor(/ran\r\n>$/, WAIT_MS);
  assert.doesNotMatch(out, /Uncaught/, out);
}

/** Watch `pin` and print each event as a JSON line after "ev " (a callback's output may follow a prompt erase). */
function watch(b: Bench, pin: string, options: string): Promise<void> {
  return run(b, `var events = 0; setWatch(function(e) { events++; print("ev " + JSON.stringify({ s: e.state, t: e.time, l: e.lastTime })); }, ${pin}, ${options})`);
}

function events(all: string): WatchEvent[] {
  return [...all.matchAll(/ev (\{.*\})\r\n/g)].map((m) => JSON.parse(m[1]!) as WatchEvent);
}

/**
 * Resolves once a program timer of `ms`, started after the program has seen every level driven before, has
 * run: every shorter timeout those levels started is over. (The real interpreter gets levels over its own
 * socket and console lines over the UART, so the timer waits in the program for the fence pin's new level.)
 */
async function after(b: Bench, ms: number): Promise<void> {
  b.fence = b.fence ? 0 : 1;
  b.setPin(FENCE_PIN, b.fence);
  b.send(`\x10var fence = function() { if (digitalRead(D${FENCE_PIN}) != ${b.fence}) return setTimeout(fence, 1); setTimeout(function() { print("tick", events); }, ${ms}); }; fence();\n`);
  await b.waitFor(/tick \d+\r\n/, WAIT_MS);
}

for (const p of personalities) {
  test(`debounce: a burst of bounces gives one event with the settled state; a bounce back to the old level gives none (${p.name})`, { skip: p.skip }, async () => {
    const b = await p.start();
    try {
      await watch(b, 'D4', '{ repeat: true, edge: "both", debounce: 20 }');
      let all = '';
      const record = (): string => (all += b.output);
      b.clearOutput();
      for (const level of [1, 0, 1, 0, 1] as const) b.setPin(4, level);
      await b.waitFor(/ev \{.*\}\r\n/, WAIT_MS);
      record();
      b.clearOutput();
      // a contact that opens for a moment and closes again: the watch stays at 1 and prints nothing
      b.setPin(4, 0);
      b.setPin(4, 1);
      await after(b, 100);
      record();
      b.clearOutput();
      b.setPin(4, 0);
      await b.waitFor(/ev \{.*\}\r\n/, WAIT_MS);
      record();

      const seen = events(all);
      assert.deepEqual(seen.map((e) => e.s), [true, false], all);
      assert.equal(seen[0]!.l, undefined, 'the first event has no lastTime');
      assert.equal(seen[1]!.l, seen[0]!.t, 'lastTime is the time of the previous settled change');
      assert.ok(seen[1]!.t > seen[0]!.t);
      assert.match(all, /tick 1\r\n/, 'the glitch had not fired when the later timer ran');
    } finally {
      await b.close();
    }
  });

  test(`no debounce: every edge is an event, in order, each lastTime the one before (${p.name})`, { skip: p.skip }, async () => {
    const b = await p.start();
    try {
      await watch(b, 'D4', '{ repeat: true, edge: "both" }');
      b.clearOutput();
      for (const level of [1, 0, 1, 0] as const) b.setPin(4, level);
      const out = await b.waitFor(/(ev \{.*\}\r\n[^]*){4}/, WAIT_MS);
      const seen = events(out);
      assert.deepEqual(seen.map((e) => e.s), [true, false, true, false]);
      assert.equal(seen[0]!.l, undefined);
      for (let i = 1; i < seen.length; i++) assert.equal(seen[i]!.l, seen[i - 1]!.t);
    } finally {
      await b.close();
    }
  });

  test(`an edge filter with debounce: the other edge still settles (lastTime moves) but calls nothing (${p.name})`, { skip: p.skip }, async () => {
    const b = await p.start();
    try {
      await watch(b, 'D5', '{ repeat: true, edge: "rising", debounce: 10 }');
      b.clearOutput();
      b.setPin(5, 1);
      await b.waitFor(/ev \{.*\}\r\n/, WAIT_MS);
      let all = b.output;
      b.clearOutput();
      b.setPin(5, 0);
      await after(b, 60);
      b.setPin(5, 1);
      await b.waitFor(/ev \{.*\}\r\n/, WAIT_MS);
      all += b.output;
      const seen = events(all);
      assert.deepEqual(seen.map((e) => e.s), [true, true], all);
      assert.ok(seen[1]!.l! > seen[0]!.t, 'lastTime is the falling edge that settled in between');
    } finally {
      await b.close();
    }
  });

  test(`D0 is BTN1: a watch on it defaults to rising edges with 25 ms debounce; debounce: 0 turns it off (${p.name})`, { skip: p.skip }, async () => {
    const b = await p.start();
    try {
      await watch(b, 'D0', '{ repeat: true }');
      b.clearOutput();
      for (const level of [1, 0, 1] as const) b.setPin(0, level);
      await b.waitFor(/ev \{.*\}\r\n/, WAIT_MS);
      let all = b.output;
      b.clearOutput();
      b.setPin(0, 0);
      await after(b, 100);
      all += b.output;
      assert.deepEqual(events(all).map((e) => e.s), [true], 'one rising event, nothing for the bounces or the release');
      assert.match(all, /tick 1\r\n/);

      await run(b, 'clearWatch()');
      await watch(b, 'D0', '{ repeat: true, debounce: 0 }');
      b.clearOutput();
      b.setPin(0, 1);
      b.setPin(0, 0);
      b.setPin(0, 1);
      const out = await b.waitFor(/(ev \{.*\}\r\n[^]*){2}/, WAIT_MS);
      assert.deepEqual(events(out).map((e) => e.s), [true, true], 'every rising edge, still rising only');
    } finally {
      await b.close();
    }
  });

  test(`a debounced watch without repeat goes once it has fired; options true means repeat; a bad edge is a TypeError (${p.name})`, { skip: p.skip }, async () => {
    const b = await p.start();
    try {
      await run(b, 'var once = setWatch(function(e) { print("once", e.state); }, D4, { edge: "both", debounce: 10 })');
      await watch(b, 'D4', 'true');
      b.clearOutput();
      b.setPin(4, 1);
      await b.waitFor(/once true\r\n/, WAIT_MS);
      b.setPin(4, 0);
      await after(b, 60);
      const out = b.output;
      assert.equal(out.match(/once /g)?.length, 1, out);
      assert.deepEqual(events(out).map((e) => e.s), [true, false]);

      b.clearOutput();
      b.send('setWatch(print, D4, { edge: "up" })\n');
      assert.match(await b.waitFor(/\r\n>$/, WAIT_MS), /Uncaught TypeError: 'edge' in setWatch should be 1, -1, 0, 'rising', 'falling' or 'both'/);
    } finally {
      await b.close();
    }
  });
}
