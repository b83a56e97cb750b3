// buildFirmware end to end on small projects: output file, size, budget failure, refusals with
// file:line:column, type errors, a missing entry, and the stale check deploy relies on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { buildFirmware, BuildError, checkEspruinoCode, isBuildStale } from '../../host/build/index.ts';
import { EspkitError } from '../../core/errors.ts';
import { makeFirmwareProject } from './fixture.ts';

const MAIN = `
import { greet } from './greet.ts';
class Base { hello(): string { return 'base'; } }
class Child extends Base { hello(): string { return super.hello() + '+child'; } }
const { a = 1, ...rest } = { b: 2 } as { a?: number; b: number };
console.log(greet('board'), new Child().hello(), a, rest.b, [...'ab'].length);
`;
const GREET = `export function greet(name = 'world'): string { return \`hello \${name}\`; }\n`;

test('builds dist/firmware.js that passes the Espruino check and reports its size', async () => {
  const fx = makeFirmwareProject({ 'firmware/src/main.ts': MAIN, 'firmware/src/greet.ts': GREET });
  try {
    const r = await buildFirmware({ root: fx.root });
    assert.equal(r.out, join('dist', 'firmware.js'));
    const code = readFileSync(join(fx.root, 'dist', 'firmware.js'), 'utf8');
    assert.equal(code, r.code);
    assert.equal(r.bytes, Buffer.byteLength(code));
    assert.equal(r.budget, 16 * 1024);
    assert.deepEqual(checkEspruinoCode(code, { strict: true }), []);
    assert.ok(r.helpers.includes('__extends') && r.helpers.includes('__objRest'), `helpers: ${r.helpers}`);
    assert.ok(!/\bclass\b|\.\.\.|=>\s*\{?\s*super/.test(code), 'no class syntax or spread left');
  } finally {
    fx.remove();
  }
});

test('fails when the output is over the budget, and writes nothing', async () => {
  const fx = makeFirmwareProject({ 'firmware/src/main.ts': MAIN, 'firmware/src/greet.ts': GREET });
  try {
    await assert.rejects(buildFirmware({ root: fx.root, budget: 100 }), (err: unknown) => {
      assert.ok(err instanceof EspkitError);
      assert.match(err.message, /^the firmware is \d+ bytes, over the board's budget of 100 bytes by \d+/);
      assert.ok(!err.message.includes('\n'));
      return true;
    });
    assert.equal(existsSync(join(fx.root, 'dist', 'firmware.js')), false);
  } finally {
    fx.remove();
  }
});

test('refuses unsupported constructs with file:line:column and a hint, across files', async () => {
  const fx = makeFirmwareProject({
    'firmware/src/main.ts': `import './util.ts';\nconst m = new Map<string, number>();\nconsole.log(m);\n`,
    'firmware/src/util.ts': `export async function later(): Promise<void> {}\nexport const xs = [1].flat();\n`,
  });
  try {
    const err = await buildFirmware({ root: fx.root }).then(() => undefined, (e: unknown) => e);
    assert.ok(err instanceof BuildError);
    const lines = err.diagnostics.map((d) => `${d.file}:${d.line}:${d.column}: ${d.message}`);
    assert.deepEqual(lines, [
      'firmware/src/main.ts:2:15: Map is not defined on Espruino',
      'firmware/src/util.ts:1:8: async functions are not supported by Espruino',
      'firmware/src/util.ts:2:23: Array.prototype.flat is missing on Espruino',
    ]);
    assert.ok(err.diagnostics.every((d) => d.hint), 'each refusal has a hint');
    assert.equal(err.message, 'firmware/src/main.ts:2:15: Map is not defined on Espruino (use a plain object with string keys (and Object.keys), or two arrays) (and 2 more)');
    assert.equal(existsSync(join(fx.root, 'dist', 'firmware.js')), false);
  } finally {
    fx.remove();
  }
});

test('reports type errors against the Espruino typings (no DOM, no Node)', async () => {
  const fx = makeFirmwareProject({ 'firmware/src/main.ts': `const el = document.body;\nconst n: number = 'x';\nprocess.memory().free.toFixed(0);\nconsole.log(el, n);\n` });
  try {
    const err = await buildFirmware({ root: fx.root }).then(() => undefined, (e: unknown) => e);
    assert.ok(err instanceof BuildError);
    const where = err.diagnostics.map((d) => `${d.line}:${d.column}:${d.kind}`);
    assert.deepEqual(where, ['1:12:type', '2:7:type']);
    assert.match(err.diagnostics[0]!.message, /Cannot find name 'document'/);
  } finally {
    fx.remove();
  }
});

test('a missing entry or tsconfig is one clear line', async () => {
  const fx = makeFirmwareProject({});
  try {
    await assert.rejects(buildFirmware({ root: fx.root }), /^EspkitError: the firmware entry firmware\/src\/main.ts does not exist: create it or pass --entry$/m);
    await assert.rejects(buildFirmware({ root: fx.root, entry: 'firmware/types/espruino.d.ts', tsconfig: 'nope.json' }), /nope\.json does not exist/);
    await assert.rejects(buildFirmware({ root: fx.root, budget: -1 }), /positive number of bytes/);
  } finally {
    fx.remove();
  }
});

test('isBuildStale follows the sources', async () => {
  const fx = makeFirmwareProject({ 'firmware/src/main.ts': 'console.log("x");\n' });
  try {
    assert.equal(isBuildStale(fx.root), true, 'no output yet');
    await buildFirmware({ root: fx.root });
    const past = new Date(Date.now() - 60_000);
    utimesSync(join(fx.root, 'firmware/src/main.ts'), past, past);
    utimesSync(join(fx.root, 'firmware/tsconfig.json'), past, past);
    for (const f of readdirSync(join(fx.root, 'firmware/types'))) utimesSync(join(fx.root, 'firmware/types', f), past, past);
    assert.equal(isBuildStale(fx.root), false);
    const future = new Date(Date.now() + 60_000);
    utimesSync(join(fx.root, 'firmware/src/main.ts'), future, future);
    assert.equal(isBuildStale(fx.root), true);
  } finally {
    fx.remove();
  }
});
