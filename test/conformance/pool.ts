// Judge many programs in a few worker processes (worker.ts), handing each worker the next program as soon
// as it reports the previous one, so a slow program does not hold up a whole share.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { availableParallelism } from 'node:os';
import type { Verdict } from './judge.ts';

const workerFile = fileURLToPath(new URL('./worker.ts', import.meta.url));

/** Worker count: one per core, at most 4 (each also starts Espruino processes). */
export function defaultWorkers(): number {
  return Math.max(1, Math.min(4, availableParallelism()));
}

export async function judgeAll(files: string[], binary: string, workers = defaultWorkers()): Promise<Verdict[]> {
  const queue = [...files];
  const results: Verdict[] = [];
  const one = (): Promise<void> =>
    new Promise((done, fail) => {
      const child = spawn(process.execPath, ['--import', 'tsx', workerFile, binary], { stdio: ['pipe', 'pipe', 'inherit'] });
      const next = (): void => {
        const file = queue.shift();
        if (file === undefined) child.stdin.end();
        else child.stdin.write(`${file}\n`);
      };
      createInterface({ input: child.stdout }).on('line', (line) => {
        results.push(JSON.parse(line) as Verdict);
        next();
      });
      child.on('error', fail);
      child.on('close', (code) => (code === 0 ? done() : fail(new Error(`a conformance worker exited with ${code}`))));
      next();
    });
  await Promise.all(Array.from({ length: Math.min(workers, files.length) }, one));
  return results.sort((a, b) => a.program.localeCompare(b.program));
}
