import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KeyMenu, helpText, MENU_KEY, EXIT_KEY } from '../../host/monitor/key-menu.ts';

const keys = (s: string): Buffer => Buffer.from(s, 'latin1');

test('ordinary keys go to the board in one piece, Ctrl-C included', () => {
  const m = new KeyMenu();
  assert.deepEqual(m.feed(keys('digitalWrite(D2,1)\r\x03')), [{ type: 'send', data: keys('digitalWrite(D2,1)\r\x03') }]);
});

test('Ctrl-] quits and nothing typed after it is sent', () => {
  const m = new KeyMenu();
  assert.deepEqual(m.feed(keys('ab\x1dcd')), [{ type: 'send', data: keys('ab') }, { type: 'quit' }]);
});

test('Ctrl-T followed by a control key or its letter picks a menu command', () => {
  const m = new KeyMenu();
  assert.deepEqual(m.feed(keys('\x14\x12')), [{ type: 'reset-app' }]);
  assert.deepEqual(m.feed(keys('\x14R')), [{ type: 'reset-app' }]);
  assert.deepEqual(m.feed(keys('\x14\x10')), [{ type: 'reset-download' }]);
  assert.deepEqual(m.feed(keys('\x14p')), [{ type: 'reset-download' }]);
  assert.deepEqual(m.feed(keys('\x14\x08')), [{ type: 'help' }]);
  assert.deepEqual(m.feed(keys('\x14?')), [{ type: 'help' }]);
  assert.deepEqual(m.feed(keys('\x14i')), [{ type: 'toggle-timestamps' }]);
  assert.deepEqual(m.feed(keys('\x14\x19')), [{ type: 'toggle-output' }]);
  assert.deepEqual(m.feed(keys('\x14\x18')), [{ type: 'quit' }]);
});

test('Ctrl-T Ctrl-T and Ctrl-T Ctrl-] send those keys themselves', () => {
  const m = new KeyMenu();
  assert.deepEqual(m.feed(Buffer.from([MENU_KEY, MENU_KEY, MENU_KEY, EXIT_KEY])), [
    { type: 'send', data: Buffer.from([MENU_KEY]) },
    { type: 'send', data: Buffer.from([EXIT_KEY]) },
  ]);
});

test('the menu key and its command may arrive in separate reads; an unknown key is reported, not sent', () => {
  const m = new KeyMenu();
  assert.deepEqual(m.feed(keys('x\x14')), [{ type: 'send', data: keys('x') }]);
  assert.deepEqual(m.feed(keys('r y')), [{ type: 'reset-app' }, { type: 'send', data: keys(' y') }]);
  assert.deepEqual(m.feed(keys('\x14z')), [{ type: 'unknown-menu-key', key: 0x7a }]);
});

test('the help names every menu key', () => {
  const help = helpText();
  for (const key of ['Ctrl-R', 'Ctrl-P', 'Ctrl-H', 'Ctrl-I', 'Ctrl-Y', 'Ctrl-X', 'Ctrl-T', 'Ctrl-]']) assert.ok(help.includes(key), key);
  assert.match(help, /download mode/);
});
