import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ByteEscaper, escapeLine } from '../../host/console/escape.ts';

const plain = { terminal: false };
const tty = { terminal: true };
const b = (...bytes: number[]): Buffer => Buffer.from(bytes);

test('printable ASCII and well-formed UTF-8 pass unchanged', () => {
  const text = 'Hello, Espruino 2v29 - café ✓ 🚀 {"a":[1,2]}';
  assert.equal(escapeLine(Buffer.from(text, 'utf8'), plain), text);
  assert.equal(escapeLine(Buffer.from('tab\there', 'utf8'), plain), 'tab\there');
});

test('control bytes, DEL and stray high bytes are shown escaped', () => {
  assert.equal(escapeLine(b(0x41, 0x00, 0x42, 0x07, 0x7f, 0x01), plain), 'A\\0B\\a\\x7f\\x01');
  // 0xff, a lone continuation byte, a truncated sequence at the end, an overlong encoding of '/'
  assert.equal(escapeLine(b(0xff, 0x80, 0x41, 0xc0, 0xaf, 0xe2, 0x82), plain), '\\xff\\x80A\\xc0\\xaf\\xe2\\x82');
  // a UTF-16 surrogate encoded in UTF-8 is not well-formed
  assert.equal(escapeLine(b(0xed, 0xa0, 0x80), plain), '\\xed\\xa0\\x80');
});

test('C1 controls hidden in UTF-8 are shown by code point, never sent to the terminal', () => {
  assert.equal(escapeLine(b(0xc2, 0x9b, 0x32, 0x4a), tty), '\\u009b2J');
});

test('on a terminal, colours and line-editor moves pass; screen clears and titles do not', () => {
  const sgr = '\x1b[0;31mE (123) boot: fail\x1b[0m';
  assert.equal(escapeLine(Buffer.from(sgr, 'latin1'), tty), sgr);
  assert.equal(escapeLine(Buffer.from('>\r\x1b[Jhi\x1b[3D\b', 'latin1'), tty), '>\r\x1b[Jhi\x1b[3D\b');
  assert.equal(escapeLine(Buffer.from('\x1b[2Jx', 'latin1'), tty), '\\e[2Jx');
  assert.equal(escapeLine(Buffer.from('\x1b]0;title\x07', 'latin1'), tty), '\\e]0;title\\a');
  assert.equal(escapeLine(Buffer.from('\x1b[10;5H', 'latin1'), tty), '\\e[10;5H');
});

test('off a terminal, formatting sequences are dropped and CR/backspace shown escaped', () => {
  assert.equal(escapeLine(Buffer.from('\x1b[0;32mI (5) ok\x1b[0m', 'latin1'), plain), 'I (5) ok');
  assert.equal(escapeLine(Buffer.from('a\rb\bc', 'latin1'), plain), 'a\\rb\\bc');
});

test('the streaming escaper keeps UTF-8 and CSI sequences split across chunks whole', () => {
  const e = new ByteEscaper(tty);
  const euro = Buffer.from('€', 'utf8'); // e2 82 ac
  let out = e.push(Buffer.concat([Buffer.from('A'), euro.subarray(0, 1)]));
  out += e.push(euro.subarray(1, 2));
  out += e.push(Buffer.concat([euro.subarray(2), Buffer.from('\x1b', 'latin1')]));
  out += e.push(Buffer.from('[31', 'latin1'));
  out += e.push(Buffer.from('mred', 'latin1'));
  out += e.flush();
  assert.equal(out, 'A€\x1b[31mred');
});

test('the streaming escaper escapes what it held when the stream ends mid-sequence', () => {
  const e = new ByteEscaper(plain);
  assert.equal(e.push(b(0x41, 0xe2, 0x82)), 'A');
  assert.equal(e.flush(), '\\xe2\\x82');
  assert.equal(e.flush(), '');
});
