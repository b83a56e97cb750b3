// setWatch on the virtual Espruino as 2v29 does it (src/jswrap_io.c, src/jsinteractive.c): with `debounce` a
// burst of bounces is one event with the level it settled at, a bounce back to the old level is none; without,
// every edge is one; D0 (the ESP32 build's BTN1) defaults to rising edges with 25 ms debounce.
// Pins are driven with board.setPin's path (the personality's setPin). Bounces are sent synchronously, so they
// are one burst however loaded the machine is; "nothing happened" is only concluded once a later event proves
// the debounce timeout is over: a program timer started after the bounces, with a longer delay, has run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BenchBoard } from '../../sim/espruino/bench-board.ts';

const FAST = { timing: { bootDelayMs: 5, wifiConnectMs: 20, wifiAttemptMs: 10 } };
/** Guards against hanging only. */
const WAIT_MS = 30_000;

interface WatchEvent {
  s: boolean;
  t: number;
  l?: number;
}

async function booted(): Promise<BenchBoard> {
  const b = new BenchBoard({ espruino: FAST });
  await b.waitFor(/Donate\r\n\r\n>$/, WAIT_MS);
  b.clearOutput();
  return b;
}

/** Run a line unechoed; a DLE line prints no prompt, so a second one says it has run. */
async function run(b: BenchBoard, code: string): Promise<void> {
  b.clearOutput();
  b.send(`\x10${code}\n\x10print("ran")\n`);
  const out = await b.waitFor(/ran\r\n>$/, WAIT_MS);
  assert.doesNotMatch(out, /Uncaught/, out);
}

/** Watch `pin` and print each event as a JSON line after "ev " (a callback's output may follow a prompt erase). */
function watch(b: BenchBoard, pin: string, options: string): Promise<void> {
  return run(b, `var events = 0; setWatch(function(e) { events++; print("ev " + JSON.stringify({ s: e.state, t: e.time, l: e.lastTime })); }, ${pin}, ${options})`);
}

function events(b: BenchBoard, all: string): WatchEvent[] {
  return [...all.matchAll(/ev (\{.*\})\r\n/g)].map((m) => JSON.parse(m[1]!) as WatchEvent);
}

/** Resolves once a program timer of `ms`, started now, has run: every shorter timeout started before is over. */
async function after(b: BenchBoard, ms: number): Promise<void> {
  b.send(`\x10setTimeout(function() { print("tick", events); }, ${ms})\n`);
  await b.waitFor(/tick \d+\r\n/, WAIT_MS);
}

test('debounce: a burst of bounces gives one event with the settled state; a bounce back to the old level gives none', async () => {
  const b = await booted();
  try {
    await watch(b, 'D4', '{ repeat: true, edge: "both", debounce: 20 }');
    let all = '';
    const record = (): string => (all += b.output);
    b.clearOutput();
    for (const level of [1, 0, 1, 0, 1] as const) b.personality.setPin(4, level);
    await b.waitFor(/ev \{.*\}\r\n/, WAIT_MS);
    record();
    b.clearOutput();
    // a contact that opens for a moment and closes again: the watch stays at 1 and prints nothing
    b.personality.setPin(4, 0);
    b.personality.setPin(4, 1);
    await after(b, 100);
    record();
    b.clearOutput();
    b.personality.setPin(4, 0);
    await b.waitFor(/ev \{.*\}\r\n/, WAIT_MS);
    record();

    const seen = events(b, all);
    assert.deepEqual(seen.map((e) => e.s), [true, false], all);
    assert.equal(seen[0]!.l, undefined, 'the first event has no lastTime');
    assert.equal(seen[1]!.l, seen[0]!.t, 'lastTime is the time of the previous settled change');
    assert.ok(seen[1]!.t > seen[0]!.t);
    assert.match(all, /tick 1\r\n/, 'the glitch had not fired when the later timer ran');
  } finally {
    await b.close();
  }
});

test('no debounce: every edge is an event, in order, each lastTime the one before', async () => {
  const b = await booted();
  try {
    await watch(b, 'D4', '{ repeat: true, edge: "both" }');
    b.clearOutput();
    for (const level of [1, 0, 1, 0] as const) b.personality.setPin(4, level);
    const out = await b.waitFor(/(ev \{.*\}\r\n[^]*){4}/, WAIT_MS);
    const seen = events(b, out);
    assert.deepEqual(seen.map((e) => e.s), [true, false, true, false]);
    assert.equal(seen[0]!.l, undefined);
    for (let i = 1; i < seen.length; i++) assert.equal(seen[i]!.l, seen[i - 1]!.t);
  } finally {
    await b.close();
  }
});

test('an edge filter with debounce: the other edge still settles (lastTime moves) but calls nothing', async () => {
  const b = await booted();
  try {
    await watch(b, 'D5', '{ repeat: true, edge: "rising", debounce: 10 }');
    b.clearOutput();
    b.personality.setPin(5, 1);
    await b.waitFor(/ev \{.*\}\r\n/, WAIT_MS);
    let all = b.output;
    b.clearOutput();
    b.personality.setPin(5, 0);
    await after(b, 60);
    b.personality.setPin(5, 1);
    await b.waitFor(/ev \{.*\}\r\n/, WAIT_MS);
    all += b.output;
    const seen = events(b, all);
    assert.deepEqual(seen.map((e) => e.s), [true, true], all);
    assert.ok(seen[1]!.l! > seen[0]!.t, 'lastTime is the falling edge that settled in between');
  } finally {
    await b.close();
  }
});

test('D0 is BTN1: a watch on it defaults to rising edges with 25 ms debounce; debounce: 0 turns it off', async () => {
  const b = await booted();
  try {
    await watch(b, 'D0', '{ repeat: true }');
    b.clearOutput();
    for (const level of [1, 0, 1] as const) b.personality.setPin(0, level);
    await b.waitFor(/ev \{.*\}\r\n/, WAIT_MS);
    let all = b.output;
    b.clearOutput();
    b.personality.setPin(0, 0);
    await after(b, 100);
    all += b.output;
    assert.deepEqual(events(b, all).map((e) => e.s), [true], 'one rising event, nothing for the bounces or the release');
    assert.match(all, /tick 1\r\n/);

    await run(b, 'clearWatch()');
    await watch(b, 'D0', '{ repeat: true, debounce: 0 }');
    b.clearOutput();
    b.personality.setPin(0, 1);
    b.personality.setPin(0, 0);
    b.personality.setPin(0, 1);
    const out = await b.waitFor(/(ev \{.*\}\r\n[^]*){2}/, WAIT_MS);
    assert.deepEqual(events(b, out).map((e) => e.s), [true, true], 'every rising edge, still rising only');
  } finally {
    await b.close();
  }
});

test('a debounced watch without repeat goes once it has fired; options true means repeat; a bad edge is a TypeError', async () => {
  const b = await booted();
  try {
    await run(b, 'var once = setWatch(function(e) { print("once", e.state); }, D4, { edge: "both", debounce: 10 })');
    await watch(b, 'D4', 'true');
    b.clearOutput();
    b.personality.setPin(4, 1);
    await b.waitFor(/once true\r\n/, WAIT_MS);
    b.personality.setPin(4, 0);
    await after(b, 60);
    const out = b.output;
    assert.equal(out.match(/once /g)?.length, 1, out);
    assert.deepEqual(events(b, out).map((e) => e.s), [true, false]);

    b.clearOutput();
    b.send('setWatch(print, D4, { edge: "up" })\n');
    assert.match(await b.waitFor(/>$/, WAIT_MS), /Uncaught TypeError: 'edge' in setWatch should be 1, -1, 0, 'rising', 'falling' or 'both'/);
  } finally {
    await b.close();
  }
});
