// npm run bench: runs every benchmark one after the other (they measure time; running them side by side would
// disturb each other on two cores), prints one table, and writes docs/benchmarks.md.
// Usage: npm run bench [-- name-substring ...]
import { spawn } from 'node:child_process';
import { readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { BENCH_MARK, formatTable, type BenchRow } from './report.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const filters = process.argv.slice(2);
/** Every benchmark with the arguments it runs with here (the fan-out at each fleet size the issue names). */
const PLAN: Array<{ file: string; args: string[] }> = [
  { file: 'cli-startup.ts', args: [] },
  { file: 'sim-pacing.ts', args: [] },
  { file: 'flash-espruino.ts', args: [] },
  { file: 'deploy-espruino.ts', args: [] },
  { file: 'bridge-latency.ts', args: [] },
  { file: 'firmware-memory.ts', args: [] },
  ...['1000', '5000', '10000', '19800'].map((n) => ({ file: 'hub-fanout.ts', args: [n] })),
  { file: 'ota-fleet.ts', args: [] },
];
const known = new Set(PLAN.map((p) => p.file));
const strays = readdirSync(new URL('.', import.meta.url)).filter((f) => /^[a-z].*\.ts$/.test(f) && !known.has(f) && !/^(run|report)\.ts$|-(server|worker)\.ts$/.test(f));
if (strays.length > 0) console.log(`not in the plan (run them by hand): ${strays.join(', ')}`);
const plan = PLAN.filter((p) => filters.length === 0 || filters.some((s) => `${p.file} ${p.args.join(' ')}`.includes(s)));

function runOne(file: string, args: string[]): Promise<{ rows: BenchRow[]; ok: boolean; seconds: number }> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, ['--import', 'tsx', `bench/${file}`, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    const rows: BenchRow[] = [];
    let buffered = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        if (line.startsWith(BENCH_MARK)) rows.push(...(JSON.parse(line.slice(BENCH_MARK.length)) as { rows: BenchRow[] }).rows);
        else process.stdout.write(`  ${line}\n`);
      }
    });
    child.on('exit', (code) => resolve({ rows, ok: code === 0, seconds: (performance.now() - t0) / 1000 }));
  });
}

const all: BenchRow[] = [];
const failed: string[] = [];
for (const { file, args } of plan) {
  const label = [file, ...args].join(' ');
  console.log(`\n== ${label}`);
  const r = await runOne(file, args);
  console.log(`   (${r.seconds.toFixed(1)} s${r.ok ? '' : ', FAILED'})`);
  if (!r.ok) failed.push(label);
  all.push(...r.rows);
}

const table = formatTable(all);
console.log('\n' + table.join('\n'));
const machine = `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
mkdirSync(new URL('../docs/', import.meta.url), { recursive: true });
writeFileSync(
  new URL('../docs/benchmarks.md', import.meta.url),
  [
    '# Benchmarks',
    '',
    `Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}, ${machine}.`,
    'Each peer was measured in the same run, on the same machine, against the same virtual board or broker.',
    '',
    '```',
    ...table,
    '```',
    ...(failed.length > 0 ? ['', `Failed to complete: ${failed.join(', ')}`] : []),
    '',
  ].join('\n'),
);
console.log(`\nwrote docs/benchmarks.md${failed.length > 0 ? `; failed: ${failed.join(', ')}` : ''}`);
process.exitCode = failed.length > 0 ? 1 : 0;
