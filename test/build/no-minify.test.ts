// `espkit build --no-minify` works out of the box: readable output is measured against the budget by the size
// of its minified form (host/build/budget.ts), so the project's own firmware (about twice the 16 KB budget
// when readable) builds, while a firmware that would not fit minified is still refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeFirmwareProject } from './fixture.ts';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(repo, 'bin/espkit.js');

async function espkit(cwd: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [bin, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d));
  child.stderr.on('data', (d: Buffer) => (stderr += d));
  const [code] = (await once(child, 'close')) as [number];
  return { code, stdout, stderr };
}

test('the project firmware builds with --no-minify and the default budget', async () => {
  const fx = makeFirmwareProject({});
  try {
    cpSync(join(repo, 'firmware', 'src'), join(fx.root, 'firmware', 'src'), { recursive: true });
    const r = await espkit(fx.root, ['build', '--no-minify']);
    assert.equal(r.code, 0, r.stderr);
    const m = /^built dist\/firmware\.js: (\d+) bytes readable \((\d+) minified\)(?: \+ (\d+) bytes carried for on demand)?, (\d+)% of the 16384-byte budget \(\d+ ms\)\n$/.exec(r.stdout);
    assert.ok(m, r.stdout);
    const [readable, minified, carried] = [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
    assert.equal(readFileSync(join(fx.root, 'dist', 'firmware.js')).length, readable + carried);
    assert.ok(readable > 16384 && minified <= 16384, `${readable} readable, ${minified} minified`);
    assert.ok(readFileSync(join(fx.root, 'dist', 'firmware.js'), 'utf8').split('\n').length > 200, 'the output is readable: many lines');
  } finally {
    fx.remove();
  }
});

test('--no-minify still refuses what would not fit minified, and --json says what was measured', async () => {
  const fx = makeFirmwareProject({ 'firmware/src/main.ts': 'const greeting: string = "hello there";\nfunction shout(text: string): string { return text.toUpperCase(); }\nconsole.log(shout(greeting));\n' });
  try {
    const json = await espkit(fx.root, ['--json', 'build', '--no-minify']);
    assert.equal(json.code, 0, json.stderr);
    const doc = JSON.parse(json.stdout) as { bytes: number; budgeted: number; budget: number };
    assert.ok(doc.budgeted < doc.bytes, `minified ${doc.budgeted} < readable ${doc.bytes}`);
    const over = await espkit(fx.root, ['build', '--no-minify', '--budget', '20']);
    assert.equal(over.code, 1);
    assert.match(over.stderr, /^error: the firmware is \d+ bytes minified, over the board's budget of 20 bytes by \d+/);
  } finally {
    fx.remove();
  }
});
