import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineSplitter } from '../../host/console/line-splitter.ts';

const text = (lines: Buffer[]): string[] => lines.map((l) => l.toString('latin1'));

test('splits on LF and drops the CR of CRLF, also when CR and LF arrive in different chunks', () => {
  const s = new LineSplitter();
  assert.deepEqual(text(s.push(Buffer.from('ets Jul 29 2019 12:21:46\r\n\r\nrst:0x1'))), ['ets Jul 29 2019 12:21:46', '']);
  assert.deepEqual(text(s.push(Buffer.from(' (POWERON_RESET)\r'))), []);
  assert.equal(s.pending().toString(), 'rst:0x1 (POWERON_RESET)\r');
  assert.deepEqual(text(s.push(Buffer.from('\nnext\n'))), ['rst:0x1 (POWERON_RESET)', 'next']);
  assert.equal(s.pendingLength, 0);
});

test('a CR inside a line is kept (the line editor uses it); only the one before LF goes', () => {
  const s = new LineSplitter();
  assert.deepEqual(text(s.push(Buffer.from('>\r\x1b[JHello\r\n', 'latin1'))), ['>\r\x1b[JHello']);
});

test('a line longer than the limit is cut, and an LF right after the cut does not make an empty line', () => {
  const s = new LineSplitter(8);
  assert.deepEqual(text(s.push(Buffer.from('0123456789abcdefXY'))), ['01234567', '89abcdef']);
  assert.deepEqual(text(s.push(Buffer.from('\n'))), ['XY']);
  const t = new LineSplitter(4);
  assert.deepEqual(text(t.push(Buffer.from('abcd'))), ['abcd']);
  assert.deepEqual(text(t.push(Buffer.from('\nef\n'))), ['ef']);
  const u = new LineSplitter(4);
  assert.deepEqual(text(u.push(Buffer.from('abcd\nef\n'))), ['abcd', 'ef']);
});

test('flush hands over the unfinished line once, and a bad limit is refused', () => {
  const s = new LineSplitter();
  s.push(Buffer.from('partial\r'));
  assert.equal(s.flush()?.toString(), 'partial');
  assert.equal(s.flush(), undefined);
  assert.throws(() => new LineSplitter(0), /bad line length limit 0/);
});
