// Lowered built-ins used as values (`temps.map(Math.round)`, `const n = Number`) and parseInt's signs and
// radixes, compiled and run on the real interpreter: it must print what Node prints for the same program.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import vm from 'node:vm';
import { buildFirmware } from '../../host/build/index.ts';
import { runOnEspruino } from '../../core/espruino/binary.ts';
import { makeFirmwareProject } from './fixture.ts';
import { needsRealEspruino, realEspruino } from '../helpers/espruino.ts';

const TEXTS = ['-0x1f', '0x1f', '+0x1f', ' -0x10', ' 42', '\t42\n', '+42', '-42', '042', '08', '0x', '0x1g', '1e3', '', 'abc', '12abc', '-', '+', '- 5', '+-5', '-0', '  +7', '0b11', 'ff', 'z'];
const RADIXES = [undefined, 0, 2, 8, 10, 16, 36, 37, 1];

const SOURCE = `
const texts: string[] = ${JSON.stringify(TEXTS)};
const radixes: Array<number | undefined> = ${JSON.stringify(RADIXES)}.map((r: number | null) => r === null ? undefined : r);
const halves = [-10.5, -3.5, -0.5, 3.5, 1e20];
console.log(halves.map(Math.round).join(','));
const round = Math.round;
const toNumber = Number;
const toFloat = parseFloat;
console.log(round(-2.5), toNumber(' 42 '), toNumber(), toFloat('0x1f'));
console.log([' 1', '012', '', '0x10'].map(Number).join(','));
console.log(['1.5', 'e3', '00012'].map(parseFloat).join(','));
console.log(['10', '10', '10', '0x10'].map(parseInt).join(','));
const now = Date.now;
console.log(now() % 1 === 0);
for (const t of texts) console.log(JSON.stringify(t), radixes.map((r) => String(1 / parseInt(t, r) === -Infinity ? '-0' : parseInt(t, r))).join(' '));
console.log(parseInt(String(42.9)), parseInt('7', 10), parseInt('-0x1f', 16));
`;

/** What Node prints (the program with its types stripped by hand: it has none but annotations). */
function expected(): string {
  const js = SOURCE.replace(/: string\[\]|: Array<number \| undefined>|: number \| null/g, '');
  const lines: string[] = [];
  vm.runInNewContext(js, { console: { log: (...a: unknown[]) => lines.push(a.map(String).join(' ')) } });
  return `${lines.join('\n')}\n`;
}

for (const minify of [true, false]) {
  test(`built-ins as values and parseInt, ${minify ? 'minified' : 'unminified'}: the real interpreter prints what Node prints`, { skip: needsRealEspruino }, async () => {
    const fx = makeFirmwareProject({ 'firmware/src/main.ts': SOURCE });
    try {
      const built = await buildFirmware({ root: fx.root, out: false, minify });
      assert.ok(built.helpers.includes('__parseInt') && built.helpers.includes('__number'), built.helpers.join());
      const run = await runOnEspruino(realEspruino!, built.code, { timeoutMs: 30_000 });
      assert.equal(run.output, expected(), `compiled code:\n${built.code}`);
    } finally {
      fx.remove();
    }
  });
}

test('parseInt with a literal radix that takes no 0x prefix stays the built-in (no helper in the firmware)', async () => {
  const fx = makeFirmwareProject({ 'firmware/src/main.ts': 'const d: string = "42";\nconsole.log(parseInt(d, 10));\n' });
  try {
    const built = await buildFirmware({ root: fx.root, out: false });
    assert.deepEqual(built.helpers, []);
  } finally {
    fx.remove();
  }
});
