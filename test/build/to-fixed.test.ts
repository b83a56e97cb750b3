// The __toFixed helper that `x.toFixed(d)` is lowered to gives V8's digits: in Node against the built-in
// for many values, and on the real Espruino interpreter (whose own toFixed truncates) for the hard cases.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Helpers } from '../../host/build/lower/helpers.ts';
import { runOnEspruino } from '../../core/espruino/binary.ts';
import { realEspruino, needsRealEspruino } from '../helpers/espruino.ts';

const helpers = new Helpers();
helpers.use('__toFixed');
const source = helpers.source();
const toFixed = new Function(`${source}; return __toFixed;`)() as (x: unknown, d?: number) => string;

/** Values where rounding is delicate: halves, carries, binary values just below or above a half. */
const HARD = [0.5, 1.5, 2.5, -2.5, 0.96, 1.999, 9.995, 21.456, -0.04, 3, 1.005, 2.675, 1.45, 0.125, 0.375, -0, 1e-10, -1e-10, 123456.789, 0.045, 8.345, 4.35, 99.995, 19.96, 1e21, NaN, Infinity];

test('__toFixed matches V8 toFixed for many values and digit counts', () => {
  let seed = 7;
  const next = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const values = [...HARD];
  for (let i = 0; i < 20_000; i++) values.push((next() - 0.5) * [1, 10, 1000, 1e6][i % 4]!, Math.round(next() * 100000) / 1000);
  for (const x of values) for (const d of [0, 1, 2, 3, 6]) assert.equal(toFixed(x, d), x.toFixed(d), `(${x}).toFixed(${d})`);
  assert.equal(toFixed(2.5), '3');
  assert.equal(toFixed({ toFixed: (d: number) => `own ${d}` }, 2), 'own 2');
});

test('__toFixed prints V8 digits on the real Espruino interpreter', { skip: needsRealEspruino }, async () => {
  // values built from integers, so that Espruino's own (inexact) parsing of decimal literals does not enter
  const cases: Array<[string, number, number]> = [['5/10', 5 / 10, 0], ['25/10', 25 / 10, 0], ['-25/10', -25 / 10, 0], ['96/100', 96 / 100, 1], ['1999/1000', 1999 / 1000, 2], ['1996/100', 1996 / 100, 1], ['-4/100', -4 / 100, 1], ['1005/1000', 1005 / 1000, 2], ['2675/1000', 2675 / 1000, 2], ['145/100', 145 / 100, 1], ['123456789/1000', 123456789 / 1000, 2]];
  const program = `${source}\n${cases.map(([expr, , d]) => `print(__toFixed(${expr}, ${d}));`).join('\n')}\n`;
  const run = await runOnEspruino(realEspruino!, program);
  assert.deepEqual(run.output.trimEnd().split('\n'), cases.map(([, x, d]) => x.toFixed(d)));
});
