// A child process that judges conformance programs: one absolute path per line on stdin, one JSON Verdict
// per line on stdout. Builds are CPU-bound and TypeScript is synchronous, so the suite runs several of
// these side by side (pool.ts) instead of interleaving them in one process.
import { createInterface } from 'node:readline';
import { judgeProgram, repoRoot, areaOf, type Verdict } from './judge.ts';
import { relative } from 'node:path';

// Espruino keeps UTC unless a program calls E.setTimeZone: the Node side of every program runs in UTC too
process.env.TZ = 'UTC';

const binary = process.argv[2];
if (!binary) {
  console.error('usage: worker.ts <espruino binary>  (program paths on stdin)');
  process.exit(2);
}

for await (const line of createInterface({ input: process.stdin })) {
  const file = line.trim();
  if (!file) continue;
  let verdict: Verdict;
  try {
    verdict = await judgeProgram(file, binary);
  } catch (e) {
    const program = relative(repoRoot, file);
    verdict = { program, area: areaOf(program), outcome: 'different', detail: `the judge failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}` };
  }
  process.stdout.write(`${JSON.stringify(verdict)}\n`);
}
