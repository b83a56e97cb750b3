// Build warnings: code that runs on Espruino but prints something else than in Node, where the compiler can
// see it. Each warned program is also run, built, on the real interpreter and in Node, to show the two differ
// (so no warning is given for nothing); look-alikes that behave the same get no warning. The CLI prints
// warnings on stderr as `warning: file:line:col: ...` and still succeeds; --json lists them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import vm from 'node:vm';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { buildFirmware, type BuildDiagnostic } from '../../host/build/index.ts';
import { runOnEspruino } from '../../core/espruino/binary.ts';
import { makeFirmwareProject } from './fixture.ts';
import { needsRealEspruino, realEspruino } from '../helpers/espruino.ts';

interface Case { name: string; source: string; at: string; message: RegExp }

const WARNED: Case[] = [
  {
    name: 'an object literal with integer-like keys, iterated with Object.keys',
    source: 'const slots = { b: 1, 2: 2, 1: 3 };\nconsole.log(Object.keys(slots).join());\n',
    at: '2:13', message: /Object\.keys of an object with the integer-like key "2"/,
  },
  {
    name: 'a for-in over a Record<number, string>',
    source: 'const names: Record<number, string> = {};\nnames[5] = "five";\nnames[3] = "three";\nlet s = "";\nfor (const k in names) s += k;\nconsole.log(s);\n',
    at: '5:17', message: /for-in over an object with number keys/,
  },
  {
    name: 'JSON.stringify of an object holding one with integer-like keys',
    source: 'const doc = { id: "x", counts: { 10: 1, 9: 2 } };\nconsole.log(JSON.stringify(doc));\n',
    at: '2:13', message: /JSON\.stringify of an object with the integer-like key "10"/,
  },
  {
    name: 'setTimeout(f, 0) in a program that uses .then',
    // on Espruino the timer goes first once it is due when the script ends: the loop gives it that time
    source: 'const o: string[] = [];\nPromise.resolve().then(() => { o.push("then"); });\nsetTimeout(() => { o.push("timeout"); }, 0);\nlet s = "";\nfor (let i = 0; i < 500; i++) s += i;\nsetTimeout(() => { console.log(o.join()); }, 20);\n',
    at: '3:1', message: /setTimeout with a 0 ms delay/,
  },
  {
    name: 'JSON.stringify of a string literal with non-ASCII text',
    source: 'console.log(JSON.stringify({ city: "Zürich" }));\n',
    at: '1:13', message: /JSON\.stringify of text with characters above 0x7f/,
  },
  {
    name: 'JSON.stringify of a constant whose type is non-ASCII text',
    source: 'const degree = "°C";\nconsole.log(JSON.stringify(degree));\n',
    at: '2:13', message: /JSON\.stringify of text with characters above 0x7f/,
  },
];

const QUIET: Array<{ name: string; source: string }> = [
  { name: 'string keys iterated', source: 'const o = { b: 1, a: 2, "01": 3 };\nconsole.log(Object.keys(o).join(), JSON.stringify(o));\nfor (const k in o) console.log(k);\n' },
  { name: 'an array iterated and stringified', source: 'const a = [3, 1];\nconsole.log(Object.keys(a).join(), JSON.stringify(a));\n' },
  { name: 'setTimeout(f, 0) without promises', source: 'setTimeout(() => console.log("a"), 0);\nsetTimeout(() => console.log("b"));\n' },
  { name: 'setTimeout with a delay and a .then', source: 'Promise.resolve(1).then((v) => console.log(v));\nsetTimeout(() => console.log("t"), 5);\n' },
  { name: 'JSON.stringify of ASCII text', source: 'console.log(JSON.stringify({ unit: "C", n: 2 }));\n' },
];

async function build(source: string): Promise<{ code: string; warnings: BuildDiagnostic[] }> {
  const fx = makeFirmwareProject({ 'firmware/src/main.ts': source });
  try {
    return await buildFirmware({ root: fx.root, out: false });
  } finally {
    fx.remove();
  }
}

/** The program in Node, as the conformance suite runs it: types stripped, console.log collected, timers run. */
async function runInNode(source: string): Promise<string> {
  const js = (await esbuild.transform(source, { loader: 'ts' })).code;
  const lines: string[] = [];
  vm.runInNewContext(js, { console: { log: (...a: unknown[]) => lines.push(a.map(String).join(' ')) }, setTimeout, Promise });
  await new Promise((r) => setTimeout(r, 100));
  return lines.map((l) => `${l}\n`).join('');
}

for (const c of WARNED) {
  test(`warning: ${c.name}, at its place; the board prints something else than Node`, { skip: needsRealEspruino }, async () => {
    const built = await build(c.source);
    assert.equal(built.warnings.length, 1, JSON.stringify(built.warnings));
    const w = built.warnings[0]!;
    assert.equal(`${w.file}:${w.line}:${w.column}`, `firmware/src/main.ts:${c.at}`);
    assert.equal(w.kind, 'warning');
    assert.match(w.message, c.message);
    assert.ok(w.hint);
    const board = await runOnEspruino(realEspruino!, built.code, { timeoutMs: 20_000 });
    const node = await runInNode(c.source);
    assert.notEqual(board.output, node, `the warned program prints the same on the board as in Node: ${JSON.stringify(node)}\n${built.code}`);
  });
}

for (const c of QUIET) {
  test(`no warning: ${c.name}`, async () => {
    assert.deepEqual((await build(c.source)).warnings, []);
  });
}

const bin = fileURLToPath(new URL('../../bin/espkit.js', import.meta.url));

test('espkit build prints warnings on stderr and succeeds; --json lists them', async () => {
  const fx = makeFirmwareProject({ 'firmware/src/main.ts': WARNED[0]!.source });
  try {
    const run = async (args: string[]): Promise<{ code: number; stdout: string; stderr: string }> => {
      const child = spawn(process.execPath, [bin, ...args], { cwd: fx.root, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d));
      child.stderr.on('data', (d: Buffer) => (stderr += d));
      const [code] = (await once(child, 'close')) as [number];
      return { code, stdout, stderr };
    };
    const text = await run(['build']);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stderr, /^warning: firmware\/src\/main\.ts:2:13: Object\.keys of an object with the integer-like key "2": .+ \(use an array .+\)\n$/);
    assert.match(text.stdout, /^built dist\/firmware\.js/);
    const json = await run(['--json', 'build']);
    assert.equal(json.code, 0, json.stderr);
    const doc = JSON.parse(json.stdout) as { ok: boolean; warnings: BuildDiagnostic[] };
    assert.equal(doc.ok, true);
    assert.deepEqual(doc.warnings.map((w) => `${w.file}:${w.line}:${w.column}`), ['firmware/src/main.ts:2:13']);
  } finally {
    fx.remove();
  }
});
