// The CLI's start-up as a user meets it: wall time and peak RSS of `espkit --version`, `--help` and `espkit
// ports`, and `espkit push` to a hub on this machine end to end (the device answers with its receipt), each the
// median of several runs, against `node -e 0` measured in the same run. Peak RSS comes from /usr/bin/time.
// Usage: node --import tsx bench/cli-startup.ts [runs]
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureCli } from '../scripts/cli/build.js';
import { startHub } from '../host/hub/hub.ts';
import { connectDevice } from '../bench/support/device-client.ts';
import { reportRows, type BenchRow } from './report.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(root, 'bin/espkit.js');
const TIME = '/usr/bin/time';
const runs = Number(process.argv[2] ?? 7);

interface Sample {
  seconds: number;
  /** Peak resident set, MiB (undefined without /usr/bin/time). */
  rssMiB?: number;
}

/** One run of `node args` to its exit: wall time from spawn to exit, and the peak RSS /usr/bin/time saw. */
function once(args: string[], env: NodeJS.ProcessEnv): Promise<Sample> {
  const timed = existsSync(TIME);
  const out = join(tmpdir(), `espkit-time-${process.pid}`);
  const [cmd, argv] = timed ? [TIME, ['-f', '%M', '-o', out, process.execPath, ...args]] : [process.execPath, args];
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd, argv, { cwd: tmpdir(), env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const seconds = (performance.now() - t0) / 1000;
      if (code !== 0) return reject(new Error(`node ${args.join(' ')} exited ${code}: ${stderr.trim()}`));
      const rssMiB = timed ? Number(readFileSync(out, 'utf8').trim().split('\n').pop()) / 1024 : undefined;
      if (timed) rmSync(out, { force: true });
      resolve({ seconds, rssMiB });
    });
  });
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

await ensureCli(); // a stale build would be rebuilt inside the first measured run
const home = mkdtempSync(join(tmpdir(), 'espkit-bench-home-'));
const cliEnv = { ...process.env, HOME: home, ESPKIT_HUB: join(home, 'hub'), ESPKIT_BROKER: '', ESPKIT_CA: '' };
// push: a hub found through its data folder, as `espkit push` finds one, and a device that sends its receipt
const hub = await startHub({ dataDir: cliEnv.ESPKIT_HUB, durable: false, host: '127.0.0.1', mqttPort: 0, httpPort: 0 });
const device = await connectDevice('esp32-b00701', { url: hub.urls.mqtt!, password: hub.credentials.devicePassword('esp32-b00701') });

interface Case { name: string; args: string[]; maxSeconds?: number; maxMiB?: number }
const peerCase: Case = { name: 'node -e 0', args: ['-e', '0'] };
const cases: Case[] = [
  { name: 'espkit --version', args: [CLI, '--version'], maxSeconds: 0.25, maxMiB: 60 },
  { name: 'espkit --help', args: [CLI, '--help'], maxSeconds: 0.25, maxMiB: 60 },
  { name: 'espkit ports', args: [CLI, 'ports'], maxSeconds: 0.25, maxMiB: 60 },
  { name: 'espkit push to a local hub, end to end', args: [CLI, 'push', 'esp32-b00701', 'bench'], maxSeconds: 0.4 },
];
// Runs are interleaved (the peer, then each command, round after round) so that a busy moment on a shared
// machine weighs on all of them alike; one warm-up round first fills the file cache.
const samples = new Map<Case, Sample[]>([[peerCase, []], ...cases.map((c): [Case, Sample[]] => [c, []])]);
try {
  for (let round = 0; round <= runs; round++) {
    for (const c of [peerCase, ...cases]) {
      const s = await once(c.args, cliEnv);
      if (round > 0) samples.get(c)!.push(s);
    }
  }
} finally {
  await device.end();
  await hub.close();
}

const rows: BenchRow[] = [];
const peerRuns = samples.get(peerCase)!;
const peer = { seconds: median(peerRuns.map((s) => s.seconds)), rssMiB: median(peerRuns.map((s) => s.rssMiB ?? NaN)) };
console.log(`node -e 0: ${peer.seconds.toFixed(3)} s, ${peer.rssMiB.toFixed(1)} MiB`);
for (const c of cases) {
  const runsOf = samples.get(c)!;
  const seconds = median(runsOf.map((s) => s.seconds));
  const rssMiB = median(runsOf.map((s) => s.rssMiB ?? NaN));
  // what espkit adds to a bare node start, round by round
  const overhead = median(runsOf.map((s, i) => s.seconds - peerRuns[i]!.seconds));
  console.log(`${c.name}: ${seconds.toFixed(3)} s (${(overhead * 1000).toFixed(0)} ms over node -e 0), ${rssMiB.toFixed(1)} MiB`);
  rows.push({ name: `${c.name}, wall`, value: seconds, unit: 's', peer: 'node -e 0', peerValue: peer.seconds, ratio: seconds / peer.seconds, target: c.maxSeconds === undefined ? undefined : `<= ${c.maxSeconds} s`, met: c.maxSeconds === undefined ? undefined : seconds <= c.maxSeconds });
  rows.push({ name: `${c.name}, over node -e 0`, value: overhead, unit: 's' });
  rows.push({ name: `${c.name}, peak RSS`, value: rssMiB, unit: 'MiB', peer: 'node -e 0', peerValue: peer.rssMiB, ratio: rssMiB / peer.rssMiB, target: c.maxMiB === undefined ? undefined : `<= ${c.maxMiB} MiB`, met: c.maxMiB === undefined ? undefined : rssMiB <= c.maxMiB });
}

/** Median wall time and peak RSS over n runs after a warm-up run. */
async function measure(args: string[], env: NodeJS.ProcessEnv, n: number): Promise<{ seconds: number; rssMiB: number }> {
  await once(args, env);
  const got: Sample[] = [];
  for (let i = 0; i < n; i++) got.push(await once(args, env));
  return { seconds: median(got.map((s) => s.seconds)), rssMiB: median(got.map((s) => s.rssMiB ?? NaN)) };
}

// the same --version through tsx, as the CLI ran before it was compiled (for the record, fewer runs)
const viaTsx = await measure(['--import', import.meta.resolve('tsx'), join(root, 'host/cli.ts'), '--version'], cliEnv, 3);
console.log(`--version through tsx: ${viaTsx.seconds.toFixed(3)} s, ${viaTsx.rssMiB.toFixed(1)} MiB`);
rows.push({ name: 'espkit --version from the sources (tsx), wall', value: viaTsx.seconds, unit: 's', peer: 'node -e 0', peerValue: peer.seconds, ratio: viaTsx.seconds / peer.seconds });
rows.push({ name: 'espkit --version from the sources (tsx), peak RSS', value: viaTsx.rssMiB, unit: 'MiB', peer: 'node -e 0', peerValue: peer.rssMiB, ratio: viaTsx.rssMiB / peer.rssMiB });
rmSync(home, { recursive: true, force: true });
reportRows('cli-startup', rows);
