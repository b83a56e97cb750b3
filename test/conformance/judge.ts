// One conformance program, judged: its TypeScript run in Node is the reference; `espkit build` (minified and
// not) must either refuse it as the program declares, or produce code that prints the same lines on the real
// Espruino interpreter. A crash on the board ("Uncaught ...") is always a failure. A program that uses timers
// must also print them with the interpreter stalled (stall.ts), as a loaded machine can stall it.
import { relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildFirmware, BuildError } from '../../host/build/index.ts';
import { runOnEspruino } from '../../core/espruino/binary.ts';
import { runSourceInNode } from '../corpus/runtimes.ts';
import { readDeclaration, type Declaration } from './header.ts';
import { STALL_MS, usesTimers, withStalls } from './stall.ts';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const tsconfig = fileURLToPath(new URL('./tsconfig.json', import.meta.url));

export type Outcome = 'pass' | 'refused' | 'documented' | 'different';

export interface Verdict {
  /** Path relative to the repository root. */
  program: string;
  /** The folder under programs/: classes, strings, ... */
  area: string;
  outcome: Outcome;
  /** Why it is different, or which difference was documented. */
  detail?: string;
}

/** The program's area: its folder under test/conformance/programs. */
export function areaOf(program: string): string {
  const parts = program.split(/[\\/]/);
  const at = parts.indexOf('programs');
  return at >= 0 && at + 1 < parts.length - 1 ? parts[at + 1]! : 'other';
}

type Built = { ok: true; code: string } | { ok: false; error: BuildError };

async function build(entry: string, minify: boolean): Promise<Built> {
  try {
    const r = await buildFirmware({ root: repoRoot, entry, tsconfig, out: false, budget: 1 << 20, checkAllFiles: false, minify });
    return { ok: true, code: r.code };
  } catch (e) {
    if (e instanceof BuildError) return { ok: false, error: e };
    throw e;
  }
}

/** A refusal as the suite requires it: at file:line:column of the program, the declared message, a hint. */
function checkRefusal(program: string, err: BuildError, declared: Extract<Declaration, { kind: 'refused' }>): string | undefined {
  const d = err.diagnostics.find((x) => x.kind === 'refused' && x.message.includes(declared.message));
  if (!d) return `refused, but not with "${declared.message}": ${err.message}`;
  if (!/^[^:]+:\d+:\d+: /.test(err.message) || !err.diagnostics.every((x) => x.file && x.line > 0 && x.column > 0)) {
    return `the refusal does not name file:line:column: ${err.message}`;
  }
  if (d.file.split(sep).join('/') !== program) return `refused in ${d.file}, not in the program: ${err.message}`;
  if (!d.hint || d.hint.length < 5) return `the refusal does not say what to write instead: ${err.message}`;
  return undefined;
}

function lines(text: string): string[] {
  const out = text.replace(/\n+$/, '').split('\n');
  return out.length === 1 && out[0] === '' ? [] : out;
}

/** The first line where two outputs part, for the report. */
function firstDifference(expected: string[], actual: string[]): string {
  for (let i = 0; i < Math.max(expected.length, actual.length); i++) {
    if (expected[i] !== actual[i]) {
      return `line ${i + 1}: Node ${JSON.stringify(expected[i] ?? '(nothing)')}, Espruino ${JSON.stringify(actual[i] ?? '(nothing)')}`;
    }
  }
  return 'same lines';
}

export async function judgeProgram(file: string, binary: string): Promise<Verdict> {
  const program = relative(repoRoot, file).split(sep).join('/');
  const area = areaOf(program);
  const verdict = (outcome: Outcome, detail?: string): Verdict => ({ program, area, outcome, ...(detail ? { detail } : {}) });
  const declared = readDeclaration(file);

  const builds = [await build(file, true), await build(file, false)] as const;
  if (declared.kind === 'refused') {
    const refusal = builds.find((b): b is Extract<Built, { ok: false }> => !b.ok);
    if (!refusal) return verdict('different', `compiled, but the program expects a refusal with "${declared.message}"`);
    const wrong = checkRefusal(program, refusal.error, declared);
    return wrong ? verdict('different', wrong) : verdict('refused', refusal.error.message);
  }
  for (const b of builds) if (!b.ok) return verdict('different', `refused unexpectedly: ${b.error.message}`);

  const expected = await runSourceInNode(file);
  const [minified, plain] = builds.map((b) => (b as Extract<Built, { ok: true }>).code) as [string, string];
  const variants: Array<{ how: string; code: string }> = [
    { how: 'minified', code: minified },
    { how: 'not minified', code: plain },
    ...(usesTimers(minified) ? [{ how: `minified, stalled ${STALL_MS} ms after the top level and in each timer`, code: withStalls(minified) }] : []),
  ];
  const runs = await Promise.all(variants.map((v) => runOnEspruino(binary, v.code, { timeoutMs: 15_000 })));
  const differences: string[] = [];
  for (const [i, run] of runs.entries()) {
    const how = variants[i]!.how;
    const actual = lines(run.output);
    if (run.timedOut) return verdict('different', `${how}: did not finish on Espruino within 15 s`);
    const crash = actual.find((l) => l.startsWith('Uncaught '));
    if (crash) return verdict('different', `${how}: crashed on Espruino: ${crash} (${firstDifference(expected, actual)})`);
    if (expected.join('\n') !== actual.join('\n')) differences.push(`${how}: ${firstDifference(expected, actual)}`);
  }
  if (differences.length === 0) return verdict('pass');
  if (declared.kind === 'differs') return verdict('documented', `${declared.difference}: ${differences[0]}`);
  return verdict('different', differences.join('; '));
}
