// `espkit build` as a user runs it: text and --json output, exit codes (0 built, 1 refused or over
// budget, 2 usage), and --watch through its library function.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { once } from 'node:events';
import type { BuildResult } from '../../host/build/index.ts';
import { makeFirmwareProject, watchBuilds } from './fixture.ts';

const bin = fileURLToPath(new URL('../../bin/espkit.js', import.meta.url));

async function espkit(cwd: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [bin, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d));
  child.stderr.on('data', (d: Buffer) => (stderr += d));
  const [code] = (await once(child, 'close')) as [number];
  return { code, stdout, stderr };
}

test('espkit build: text, --json, refusals, budget and usage errors', async () => {
  const fx = makeFirmwareProject({ 'firmware/src/main.ts': 'const n: number = 2 ** 3;\nconsole.log(`n=${n}`);\n' });
  try {
    const text = await espkit(fx.root, ['build']);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /^built dist\/firmware\.js: \d+ bytes, \d+% of the 16384-byte budget \(\d+ ms\)\n$/);

    const json = await espkit(fx.root, ['--json', 'build', '--out', 'dist/other.js', '--budget', '4096']);
    assert.equal(json.code, 0, json.stderr);
    const doc = JSON.parse(json.stdout) as { ok: boolean; out: string; bytes: number; budget: number };
    assert.equal(doc.ok, true);
    assert.equal(doc.out, 'dist/other.js');
    assert.equal(doc.budget, 4096);
    assert.ok(doc.bytes > 10 && doc.bytes < 4096);

    const over = await espkit(fx.root, ['build', '--budget', '10']);
    assert.equal(over.code, 1);
    assert.match(over.stderr, /^error: the firmware is \d+ bytes, over the board's budget of 10 bytes by \d+/);

    const usage = await espkit(fx.root, ['build', '--budget', 'lots']);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /the budget is a whole number of bytes/);

    fx.write('firmware/src/main.ts', 'const s = new Set<number>();\nasync function f(): Promise<void> {}\nconsole.log(s, f);\n');
    const refused = await espkit(fx.root, ['build']);
    assert.equal(refused.code, 1);
    assert.deepEqual(refused.stderr.trimEnd().split('\n'), [
      'firmware/src/main.ts:1:15: Set is not defined on Espruino (use an object whose keys are set to true, or an array with indexOf/includes)',
      'firmware/src/main.ts:2:1: async functions are not supported by Espruino (return a Promise and chain .then() instead of await)',
      'error: the build failed with 2 problem(s)',
    ]);
    const refusedJson = await espkit(fx.root, ['--json', 'build']);
    assert.equal(refusedJson.code, 1);
    const rdoc = JSON.parse(refusedJson.stdout) as { ok: boolean; diagnostics: Array<{ file: string; line: number; column: number; message: string; hint: string; kind: string }> };
    assert.equal(rdoc.ok, false);
    assert.deepEqual(rdoc.diagnostics.map((d) => [d.file, d.line, d.column, d.kind]), [['firmware/src/main.ts', 1, 15, 'refused'], ['firmware/src/main.ts', 2, 1, 'refused']]);
  } finally {
    fx.remove();
  }
});

test('watch mode rebuilds after a change and reports failures without stopping', async () => {
  const fx = makeFirmwareProject({ 'firmware/src/main.ts': 'console.log("one");\n' });
  const { outcomes, next, close } = watchBuilds({ root: fx.root });
  try {
    await next(1);
    assert.ok(!(outcomes[0] instanceof Error), String(outcomes[0]));
    fx.write('firmware/src/main.ts', 'const m = new Map();\nconsole.log(m);\n');
    await next(2);
    assert.ok(outcomes[1] instanceof Error);
    assert.match(outcomes[1].message, /^firmware\/src\/main\.ts:1:15: Map is not defined on Espruino/);
    fx.write('firmware/src/main.ts', 'console.log("three");\n');
    await next(3);
    const third = outcomes[2] as BuildResult;
    assert.ok(third.code.includes('three'));
  } finally {
    await close();
    fx.remove();
  }
});
