// The pieces of the generator that decide what a build has, on small inputs: #if conditions as Espruino's
// wrapper generator evaluates them, and the make subset (conditionals, assignments, command-line variables).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateCondition } from '../../scripts/typings/condition.ts';
import { runMakefile } from '../../scripts/typings/make.ts';
import type { SourceTree } from '../../scripts/typings/source.ts';

const defines = ['ESP32', 'ESP32=1', 'USE_NET', 'ESPR_USART_COUNT=3', 'ESPR_SPI_COUNT=2'];

test('#if conditions: defined(), values, &&, ||, !, comparisons', () => {
  assert.equal(evaluateCondition('defined(ESP32)', defines), true);
  assert.equal(evaluateCondition('defined(NRF52_SERIES) || defined(ESP32)', defines), true);
  assert.equal(evaluateCondition('defined(NRF52_SERIES) && defined(USE_NFC)', defines), false);
  assert.equal(evaluateCondition('!defined(SAVE_ON_FLASH) && !defined(ESPRUINOBOARD)', defines), true);
  assert.equal(evaluateCondition('ESPR_USART_COUNT>=3', defines), true);
  assert.equal(evaluateCondition('ESPR_SPI_COUNT>=3', defines), false);
  assert.equal(evaluateCondition('(ESPR_SPI_COUNT + 1) == 3', defines), true);
  // a name with no value cannot be decided: the wrapper generator keeps the item, and so does this
  assert.equal(evaluateCondition('UNKNOWN_NAME > 2', defines), true);
});

function tree(files: Record<string, string>): SourceTree {
  return { ref: 'test', read: (p) => files[p], list: () => Object.keys(files) };
}

test('the make subset: ifdef/ifeq chains, ?=, +=, includes, command-line variables win', () => {
  const make = runMakefile(tree({
    Makefile: [
      'BOARD=LINUX',
      'include gen/BOARD.make',
      'ifdef USE_NET',
      'ifeq ($(FAMILY),ESP8266)',
      'NET=esp8266',
      'else ifeq ($(FAMILY),ESP32)',
      'NET=esp32',
      'else',
      'NET=other',
      'endif',
      'endif',
      'SRC += a.c \\',
      '  b.c',
      'ifeq ($(USE_X),1)',
      'SRC += x.c',
      'endif',
      'X ?= kept',
    ].join('\n'),
  }), 'Makefile', { BOARD: 'ESP32' }, (p) => (p === 'gen/BOARD.make' ? 'FAMILY=ESP32\nUSE_NET?=1\nUSE_X?=1\nX=first' : undefined));
  assert.equal(make.get('BOARD'), 'ESP32');
  assert.equal(make.get('NET'), 'esp32');
  assert.deepEqual(make.get('SRC').split(/\s+/).filter(Boolean), ['a.c', 'b.c', 'x.c']);
  assert.equal(make.get('X'), 'first');
});

test('the make subset refuses an unbalanced conditional', () => {
  assert.throws(() => runMakefile(tree({ Makefile: 'ifdef A\nX=1\n' }), 'Makefile', {}, () => undefined), /conditional\(s\) left open/);
});
