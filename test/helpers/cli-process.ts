// Running bin/espkit.js as a person would, from tests: a command to its end (run), or a long-running one
// (hub, sim, monitor) in the background whose output is waited on line by line and that is stopped
// with SIGINT, as Ctrl-C would (background). Waits are bounded by generous deadlines, never timed.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CLI = fileURLToPath(new URL('../../bin/espkit.js', import.meta.url));

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  env: NodeJS.ProcessEnv;
  cwd?: string;
  /** Kill it (and fail) when it has not ended by then (default 120 s). */
  deadlineMs?: number;
}

export function run(args: string[], options: CliOptions): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: options.cwd ?? ROOT, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`espkit ${args.join(' ')} did not end within ${options.deadlineMs ?? 120_000} ms:\n${stdout}\n${stderr}`));
    }, options.deadlineMs ?? 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

export interface Background {
  child: ChildProcess;
  /** Everything it printed so far, stdout and stderr together. */
  readonly output: string;
  /** Resolves with the first match of `pattern` in its output (already printed or to come). */
  waitFor(pattern: RegExp, deadlineMs?: number): Promise<RegExpMatchArray>;
  /** Ctrl-C, then wait for it to end (SIGKILL if it does not within 20 s). */
  stop(): Promise<number | null>;
}

export interface BackgroundOptions extends Omit<CliOptions, 'deadlineMs'> {
  /** Give it a pipe for stdin (child.stdin) instead of nothing. */
  input?: boolean;
}

export function background(args: string[], options: BackgroundOptions): Background {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: options.cwd ?? ROOT, env: options.env, stdio: [options.input ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
  let output = '';
  const waiters = new Set<() => void>();
  const onData = (d: Buffer): void => {
    output += d.toString();
    for (const w of [...waiters]) w();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const ended = new Promise<number | null>((resolve) => child.on('close', (code) => {
    for (const w of [...waiters]) w();
    resolve(code);
  }));
  return {
    child,
    get output() {
      return output;
    },
    waitFor(pattern, deadlineMs = 60_000) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          const m = pattern.exec(output);
          if (m) return done(() => resolve(m));
          if (child.exitCode !== null || child.signalCode !== null) done(() => reject(new Error(`espkit ${args.join(' ')} ended before ${pattern}:\n${output}`)));
        };
        const timer = setTimeout(() => done(() => reject(new Error(`espkit ${args.join(' ')} printed no ${pattern} within ${deadlineMs} ms:\n${output}`))), deadlineMs);
        const done = (fn: () => void): void => {
          clearTimeout(timer);
          waiters.delete(check);
          fn();
        };
        waiters.add(check);
        check();
      });
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGINT');
        const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
        const code = await ended;
        clearTimeout(killer);
        return code;
      }
      return ended;
    },
  };
}
