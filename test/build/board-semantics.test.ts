// The compiler's fixes for what the real interpreter does differently, run on the real interpreter: a class
// whose arrow field refers to the class itself (esbuild names the class expression; Espruino does not bind
// that name), and Math.round, Number(), parseFloat and Date.now() lowered to JavaScript's results.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildFirmware } from '../../host/build/index.ts';
import { runOnEspruino } from '../../core/espruino/binary.ts';
import { makeFirmwareProject } from './fixture.ts';
import { needsRealEspruino, realEspruino } from '../helpers/espruino.ts';

const TEXTS = ['', ' ', '\n', ' 42 ', '\t7\n', '0x1f', '0X1F', '-0x1f', '0b101', '0o17', '1e3', '1e+3', '-1.5e-3', '1e', 'e3', '0x', '00012', '.5', '5.', '+5', '- 5', 'Infinity', '+Infinity', '-Infinity', '12px', '1_000', 'abc', '.', '  -3  '];
const ROUNDS = [-2.5, 2.5, -1.5, -0.4, -3.7, 1e20, 123.5, 0.5];

const SOURCE = `
class Counter {
  static created = 0;
  id: number;
  bump = (): number => { Counter.created++; return Counter.created; };
  constructor() { this.id = Counter.created; }
}
const c = new Counter();
c.bump();
c.bump();
const texts: string[] = ${JSON.stringify(TEXTS)};
const rounds: number[] = ${JSON.stringify(ROUNDS)};
const out: string[] = [];
out.push('class ' + Counter.created + ' ' + c.id);
for (const t of texts) out.push(JSON.stringify(t) + ' ' + String(Number(t)) + ' ' + String(parseFloat(t)));
for (const r of rounds) out.push('round ' + String(Math.round(r)));
out.push('now ' + String(Date.now() % 1 === 0));
for (const line of out) console.log(line);
`;

/** What Node prints for the same program. */
function expected(): string {
  const lines = ['class 2 0'];
  for (const t of TEXTS) lines.push(`${JSON.stringify(t)} ${String(Number(t))} ${String(parseFloat(t))}`);
  for (const r of ROUNDS) lines.push(`round ${String(Math.round(r))}`);
  lines.push('now true');
  return `${lines.join('\n')}\n`;
}

for (const minify of [true, false]) {
  test(`compiled ${minify ? 'minified' : 'unminified'}, the real interpreter prints what Node prints`, { skip: needsRealEspruino }, async () => {
    const fx = makeFirmwareProject({ 'firmware/src/main.ts': SOURCE });
    try {
      const built = await buildFirmware({ root: fx.root, out: false, minify });
      const run = await runOnEspruino(realEspruino!, built.code, { timeoutMs: 30_000 });
      assert.equal(run.output, expected(), `compiled code:\n${built.code}`);
    } finally {
      fx.remove();
    }
  });
}
