// The virtual Espruino's console: banner, prompt, echo, DLE lines, multi-line input, Ctrl-C, results in
// Espruino's formatting, uncaught errors, and what the sandbox leaves out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BenchBoard } from '../../sim/espruino/bench-board.ts';

const FAST = { timing: { bootDelayMs: 5, wifiConnectMs: 20, wifiAttemptMs: 10 } };

async function booted(): Promise<BenchBoard> {
  const b = new BenchBoard({ espruino: FAST });
  await b.waitFor(/Donate\r\n\r\n>$/);
  b.clearOutput();
  return b;
}

/** Send a line and return what the board answered up to the next prompt. */
async function line(b: BenchBoard, text: string): Promise<string> {
  b.clearOutput();
  b.send(`${text}\n`);
  return b.waitFor(/\r\n>$/);
}

test('boots with the 2v29 banner and a prompt, after the ESP32 start-up pause', async () => {
  const b = new BenchBoard({ espruino: { timing: { bootDelayMs: 60 } } });
  try {
    assert.equal(b.output, '', 'nothing is printed before jsiInit');
    const out = await b.waitFor(/>$/);
    assert.match(out, /^\x1b\[\?7l\r\n ____ {17}_ \r\n/);
    assert.match(out, /\|_\| espruino\.com\r\n 2v29 \(c\) 2021 G\.Williams\r\n/);
    assert.ok(out.endsWith('http://espruino.com/Donate\r\n\r\n>'));
  } finally {
    await b.close();
  }
});

test('echoes typed lines and answers with =value in Espruino formatting', async () => {
  const b = await booted();
  try {
    assert.equal(await line(b, '1+1'), '1+1\r\n=2\r\n>');
    assert.equal(await line(b, '"a"+"b"'), '"a"+"b"\r\n="ab"\r\n>');
    assert.equal(await line(b, '[1,2,3]'), '[1,2,3]\r\n=[ 1, 2, 3 ]\r\n>');
    assert.equal(await line(b, '({a:1,"b-c":2})'), '({a:1,"b-c":2})\r\n={ a: 1, "b-c": 2 }\r\n>');
    assert.equal(await line(b, '1/3'), '1/3\r\n=0.33333333333\r\n>');
    assert.equal(await line(b, '1e21'), '1e21\r\n=10e+20\r\n>');
    assert.equal(await line(b, 'new Uint8Array([1,2])'), 'new Uint8Array([1,2])\r\n=new Uint8Array([1, 2])\r\n>');
    assert.equal(await line(b, 'D2'), 'D2\r\n=D2\r\n>');
    assert.equal(await line(b, 'undefined'), 'undefined\r\n=undefined\r\n>');
    assert.equal(await line(b, 'JSON.stringify({u: new Uint8Array([1,2])})'), 'JSON.stringify({u: new Uint8Array([1,2])})\r\n="{\\"u\\":[1,2]}"\r\n>');
  } finally {
    await b.close();
  }
});

test('a DLE line is neither echoed nor answered; its printing still shows', async () => {
  const b = await booted();
  try {
    b.send('\x10var secret = 42\n');
    b.send('\x10print("p", secret)\n');
    const out = await b.waitFor(/p 42\r\n>$/);
    assert.equal(out, 'p 42\r\n>');
  } finally {
    await b.close();
  }
});

test('open brackets continue the line with ":" and it runs when they close', async () => {
  const b = await booted();
  try {
    b.send('function add(a,b){\n');
    await b.waitFor('\r\n:');
    b.send('return a+b;\n}\n');
    await b.waitFor(/\r\n>$/);
    assert.equal(await line(b, 'add(2,3)'), 'add(2,3)\r\n=5\r\n>');
  } finally {
    await b.close();
  }
});

test('Ctrl-C clears a half-typed line; backspace edits it', async () => {
  const b = await booted();
  try {
    b.send('garbage(');
    await b.waitFor('garbage(');
    b.send('\x03');
    await b.waitFor('\r\x1b[J');
    b.clearOutput();
    b.send('12\x7f3\n');
    const out = await b.waitFor(/\r\n>$/);
    assert.equal(out, '12\x08 \x083\r\n=13\r\n>');
  } finally {
    await b.close();
  }
});

test('uncaught errors are reported with their position', async () => {
  const b = await booted();
  try {
    assert.equal(await line(b, 'foo()'), 'foo()\r\nUncaught ReferenceError: "foo" is not defined\r\n at line 1 col 1\r\nfoo()\r\n^\r\n>');
    const thrown = await line(b, 'throw new Error("boom")');
    assert.match(thrown, /^throw new Error\("boom"\)\r\nUncaught Error: boom\r\n at line 1 col \d+\r\n/);
    const timer = await (async () => {
      b.clearOutput();
      b.send('\x10setTimeout(function(){ null.x; }, 5)\n');
      return b.waitFor(/Uncaught TypeError[^\r]*\r\n[\s\S]*>$/);
    })();
    assert.match(timer, /Uncaught TypeError: Cannot read property 'x' of null/);
  } finally {
    await b.close();
  }
});

test('what Espruino lacks is missing here too, and unsupported syntax is a SyntaxError', async () => {
  const b = await booted();
  try {
    const missing = (names: string): string => `[${names}].every(function (t) { return t === "undefined"; })`;
    assert.match(await line(b, missing('typeof Map, typeof Set, typeof Symbol, typeof Proxy, typeof Reflect, typeof WeakMap')), /=true/);
    assert.match(await line(b, missing('typeof Object.freeze, typeof Array.from, typeof "".trimStart, typeof TextEncoder, typeof Math.trunc')), /=true/);
    assert.match(await line(b, missing('typeof Promise.race, typeof Promise.prototype.finally, typeof Number.isInteger')), /=true/);
    assert.match(await line(b, 'typeof Promise.all'), /="function"/);
    assert.match(await line(b, '"a string longer than forty characters, cut in the middle"'), /="a string longer t" \.\.\. "cut in the middle"/);
    assert.match(await line(b, 'async function f() {}'), /Uncaught SyntaxError: async functions are not supported by Espruino/);
    assert.match(await line(b, 'var {a} = {a:1}'), /Uncaught SyntaxError: destructuring is not supported/);
    assert.match(await line(b, 'function g(x = 1) {}'), /Uncaught SyntaxError: default parameters are not supported/);
    assert.match(await line(b, '[...[1]]'), /Uncaught SyntaxError: spread \(\.\.\.\) is not supported/);
    assert.match(await line(b, '"abc".replace("b", function () { return "X"; })'), /="afunction \(\) \{ return \\"X\\"; \}c"/);
  } finally {
    await b.close();
  }
});

test('function declarations are not hoisted: calling one before it is reached fails, as on a board', async () => {
  const b = await booted();
  try {
    assert.match(await line(b, 'early(); function early() { return 1; }'), /Uncaught TypeError: early is not a function/);
    assert.match(await line(b, 'function outer() { return inner(); function inner() { return 2; } } outer()'), /Uncaught TypeError: inner is not a function/);
    assert.match(await line(b, 'function a() { return b() + 1; } function b() { return 41; } a()'), /=42/);
    assert.match(await line(b, 'function c(){return 1}function d(){return c()+1}d()'), /=2/, 'declarations back to back, as minified code has them');
  } finally {
    await b.close();
  }
});

test('a for (let ...) loop shares one binding and arrows have no arguments, as on Espruino', async () => {
  const b = await booted();
  try {
    assert.match(await line(b, 'var fs = []; for (let i = 0; i < 3; i++) fs.push(function () { return i; }); fs.map(function (f) { return f(); })'), /=\[ 3, 3, 3 \]/);
    assert.match(await line(b, 'function f() { return (() => typeof arguments)(); } f(1)'), /="undefined"/);
    assert.match(await line(b, 'function g() { return arguments.length; } g(1, 2)'), /=2/);
    assert.match(await line(b, 'var o = { arguments: 5 }; o.arguments'), /=5/);
  } finally {
    await b.close();
  }
});

test('clearTimeout(undefined) stops every timer and a fired id is unknown, as on a board', async () => {
  const b = await booted();
  try {
    const setAndClear = 'var t1 = setTimeout("print(1)", 30), t2 = setInterval("print(2)", 30); clearTimeout(undefined); [t1, t2]';
    assert.equal(await line(b, setAndClear), `${setAndClear}\r\n=[ 1, 2 ]\r\n>`);
    assert.match(await line(b, 'clearTimeout(t1)'), /Uncaught Error: Unknown Timeout/);
    await new Promise((r) => setTimeout(r, 100));
    assert.doesNotMatch(b.output, /\r\n[12]\r\n/, 'no timer fired after clearTimeout(undefined)');
  } finally {
    await b.close();
  }
});

test('an unhandled promise rejection is reported on the console, not thrown at the host', async () => {
  const b = await booted();
  try {
    b.clearOutput();
    b.send('\x10Promise.reject(new Error("nope"))\n');
    await b.waitFor('Uncaught Error: Unhandled promise rejection: Error: nope');
    assert.match(await line(b, 'Promise.reject(1).catch(function(){}); 7'), /=7/);
  } finally {
    await b.close();
  }
});

test('E.toString/toUint8Array/CRC32, getSerial and process.memory behave as on an ESP32', async () => {
  const b = await booted();
  try {
    assert.match(await line(b, 'E.toString([65,66], "C", {data:[68], count:2}, new Uint8Array([69]))'), /="ABCDDE"/);
    assert.match(await line(b, 'E.toUint8Array("AB", 67)'), /=new Uint8Array\(\[65, 66, 67\]\)/);
    assert.match(await line(b, 'E.CRC32("hello") === 907060870 && E.CRC32([104,101,108,108,111]) === 907060870'), /=true/);
    assert.match(await line(b, 'getSerial()'), /="240ac412-3456"/);
    assert.match(await line(b, 'var m = process.memory(); m.total === 5000 && m.usage + m.free === m.total && m.usage > 0'), /=true/);
    assert.match(await line(b, 'process.env.VERSION + " " + process.env.BOARD'), /="2v29 ESP32"/);
  } finally {
    await b.close();
  }
});

test('the board clock starts at power-on and setTime moves it', async () => {
  const b = await booted();
  try {
    assert.match(await line(b, 'Date.now() < 60000 && getTime() < 60'), /=true/);
    assert.match(await line(b, 'setTime(1700000000); new Date().getFullYear()'), /=2023/);
  } finally {
    await b.close();
  }
});

test('pins: digitalWrite on GPIO2 drives the LED, setWatch sees an input', async () => {
  const b = await booted();
  try {
    await line(b, 'digitalWrite(D2, 1)');
    assert.ok(b.events.some((e) => e.type === 'led' && e.on === true));
    // D0 is BTN1, debounced by default (test/sim/espruino-watch.test.ts): debounce 0 sees both edges of one tick
    await line(b, 'setWatch(function(e){ print("btn", e.state); }, D0, {edge:"falling", repeat:true, debounce:0})');
    b.personality.setPin(0, 1);
    b.personality.setPin(0, 0);
    await b.waitFor('btn false');
    assert.match(await line(b, 'digitalRead(D0)'), /=0/);
  } finally {
    await b.close();
  }
});
