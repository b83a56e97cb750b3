// Decimal literals the board would misread are rewritten to integer divisions it reads exactly: the model
// of Espruino's reading against the real interpreter, and the rewritten literals' bits on it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { espruinoReadsDecimal, exactDecimalLiteralsMapped } from '../../host/build/exact-literals.ts';
import { runOnEspruino } from '../../core/espruino/binary.ts';
import { realEspruino, needsRealEspruino } from '../helpers/espruino.ts';

const LITERALS = ['0.3', '.3', '1.45', '9.995', '0.1', '2.675', '1.005', '123.456', '4.35', '0.7', '2.5e-7', '1e21', '3.3', '12345.6789', '1e-5', '7'];

/** A program that prints each expression's double as 16 hex digits. */
function bitsProgram(exprs: string[]): string {
  return `var bits = function (x) { var u = new Uint8Array(new Float64Array([x]).buffer), s = "", i = 7; for (; i >= 0; i--) s += (u[i] < 16 ? "0" : "") + u[i].toString(16); return s; };\n${exprs.map((e) => `print(bits(${e}));`).join('\n')}\n`;
}
const bitsOf = (x: number): string => Buffer.from(new Float64Array([x]).buffer).reverse().toString('hex');

test('rewrites only literals Espruino misreads, keeping their value', () => {
  assert.equal(espruinoReadsDecimal('0.3'), 0.30000000000000004);
  assert.equal(espruinoReadsDecimal('0.5'), 0.5);
  const { code } = exactDecimalLiteralsMapped('var a=0.3,b=0.5,c=0x1f,d="0.3",e=9.995*x,f=1.45;');
  assert.equal(code, 'var a=(3/10),b=0.5,c=0x1f,d="0.3",e=(9995/1000)*x,f=1.45;');
});

test('the model of how Espruino reads decimals, and the rewritten literals, on the real interpreter', { skip: needsRealEspruino }, async () => {
  const rewritten = LITERALS.map((l) => exactDecimalLiteralsMapped(`x=${l};`).code.slice(2, -1));
  const run = await runOnEspruino(realEspruino!, bitsProgram([...LITERALS, ...rewritten]));
  const lines = run.output.trimEnd().split('\n');
  assert.deepEqual(lines.slice(0, LITERALS.length), LITERALS.map((l) => bitsOf(espruinoReadsDecimal(l))), 'as read by the board, literally');
  assert.deepEqual(lines.slice(LITERALS.length), LITERALS.map((l) => bitsOf(Number(l))), 'rewritten: the exact double');
});
