// The espkit hub in a process of its own, for benches that read its memory and CPU time from /proc: in the
// bench's process those figures would include the clients'. The hub runs bench/support/hub-server.ts.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export interface HubProcess {
  mqtt: string;
  http: string;
  pid: number;
  stop(): Promise<void>;
}

export interface HubProcessOptions {
  /** Sessions in memory instead of the durable store. */
  memory?: boolean;
  /** Node flags for the hub's process (--cpu-prof, --trace-gc, ...). */
  nodeArgs?: string[];
}

/** Start the hub with the given credentials secret; resolves once it says where it listens. */
export async function startHubProcess(secret: Buffer, options: HubProcessOptions = {}): Promise<HubProcess> {
  const server = fileURLToPath(new URL('./hub-server.ts', import.meta.url));
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), '--import', 'tsx', server, ...(options.memory ? ['--memory'] : [])], {
    env: { ...process.env, BENCH_HUB_SECRET: secret.toString('hex') },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    // the hub's first JSON line says where it listens; anything else it prints (--trace-gc through
    // nodeArgs, say) goes on to stderr
    createInterface({ input: child.stdout! }).on('line', (l) => (l.startsWith('{"mqtt"') ? resolve(l) : process.stderr.write(`[hub] ${l}\n`)));
    child.once('exit', () => reject(new Error('the hub exited before it was ready')));
  });
  const urls = JSON.parse(line) as { mqtt: string; http: string };
  return { ...urls, pid: child.pid!, stop: () => stopChild(child) };
}

/** SIGTERM, then SIGKILL if the process has not exited within 15 s. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const t = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(t);
}

/** A process's resident memory in MB, from /proc: now, and its high-water mark. */
export function rss(pid: number): { now: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string): number => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
  return { now: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}
