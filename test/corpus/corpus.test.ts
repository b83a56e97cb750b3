// The compatibility corpus: every case in test/corpus/cases runs as TypeScript source in Node and, compiled
// by host/build, in the virtual board's JavaScript engine (sim/espruino); both outputs must equal the
// case's .out file. Every case in test/corpus/refused must be refused at the line, column and with the
// message its first line names. Together they cover each row of docs/espruino.md.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { buildFirmware, BuildError } from '../../host/build/index.ts';
import { runCompiledInSim, runSourceInNode } from './runtimes.ts';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = fileURLToPath(new URL('../..', import.meta.url));
const tsconfig = join(here, 'tsconfig.json');

const cases = readdirSync(join(here, 'cases')).filter((f) => f.endsWith('.ts')).sort();
const refused = readdirSync(join(here, 'refused')).filter((f) => f.endsWith('.ts')).sort();

async function compile(entry: string): Promise<string> {
  const r = await buildFirmware({ root, entry, tsconfig, out: false, budget: 1 << 20, checkAllFiles: false });
  return r.code;
}

test('the corpus has runnable and refused cases', () => {
  assert.ok(cases.length >= 10, `only ${cases.length} runnable cases`);
  assert.ok(refused.length >= 30, `only ${refused.length} refused cases`);
});

for (const file of cases) {
  test(`corpus: ${file} prints the same in Node and compiled in the virtual board`, async () => {
    const entry = join(here, 'cases', file);
    const expected = readFileSync(entry.replace(/\.ts$/, '.out'), 'utf8').trimEnd().split('\n');
    assert.deepEqual(await runSourceInNode(entry), expected, 'the TypeScript source in Node');
    const code = await compile(entry);
    assert.deepEqual(await runCompiledInSim(code), expected, `compiled, in the virtual board:\n${code}`);
  });
}

for (const file of refused) {
  test(`corpus: ${file} is refused with its position and message`, async () => {
    const entry = join(here, 'refused', file);
    const header = /^\/\/ refused (\d+):(\d+) (.+)$/m.exec(readFileSync(entry, 'utf8').split('\n')[0]!);
    assert.ok(header, `${file} must start with "// refused LINE:COL message"`);
    const [, line, column, message] = header;
    const err = await compile(entry).then(() => undefined, (e: unknown) => e);
    assert.ok(err instanceof BuildError, `${file} was compiled instead of refused`);
    const d = err.diagnostics.find((x) => x.kind === 'refused' && x.file.endsWith(`refused/${file}`));
    assert.ok(d, `no refusal, got: ${err.message}`);
    assert.equal(`${d.line}:${d.column}`, `${line}:${column}`, err.message);
    assert.ok(d.message.includes(message!), `"${d.message}" should mention "${message}"`);
    assert.match(err.message, new RegExp(`^test/corpus/refused/${file.replace('.', '\\.')}:${line}:${column}: `));
    assert.ok(d.hint && d.hint.length > 5, 'a refusal says what to write instead');
  });
}
