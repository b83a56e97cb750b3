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
import { connectDevice } from '../test/hub/device-client.ts';
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

/** Median wall time and peak RSS over `runs` runs, after one run that warms the file cache. */
async function measure(args: string[], env: NodeJS.ProcessEnv = process.env, n = runs): Promise<{ seconds: number; rssMiB: number }> {
  await once(args, env);
  const samples: Sample[] = [];
  for (let i = 0; i < n; i++) samples.push(await once(args, env));
  return { seconds: median(samples.map((s) => s.seconds)), rssMiB: median(samples.map((s) => s.rssMiB ?? NaN)) };
}

await ensureCli(); // a stale build would be rebuilt inside the first measured run
const rows: BenchRow[] = [];
const peer = await measure(['-e', '0']);
console.log(`node -e 0: ${peer.seconds.toFixed(3)} s, ${peer.rssMiB.toFixed(1)} MiB`);

function addRows(name: string, m: { seconds: number; rssMiB: number }, maxSeconds: number, maxMiB?: number): void {
  rows.push({ name: `${name}, wall`, value: m.seconds, unit: 's', peer: 'node -e 0', peerValue: peer.seconds, ratio: m.seconds / peer.seconds, target: `<= ${maxSeconds} s`, met: m.seconds <= maxSeconds });
  if (maxMiB !== undefined) {
    rows.push({ name: `${name}, peak RSS`, value: m.rssMiB, unit: 'MiB', peer: 'node -e 0', peerValue: peer.rssMiB, ratio: m.rssMiB / peer.rssMiB, target: `<= ${maxMiB} MiB`, met: m.rssMiB <= maxMiB });
  }
}

const home = mkdtempSync(join(tmpdir(), 'espkit-bench-home-'));
const cliEnv = { ...process.env, HOME: home, ESPKIT_HUB: join(home, 'hub'), ESPKIT_BROKER: '', ESPKIT_CA: '' };
for (const args of [['--version'], ['--help'], ['ports']]) {
  const m = await measure([CLI, ...args], cliEnv);
  console.log(`espkit ${args.join(' ')}: ${m.seconds.toFixed(3)} s, ${m.rssMiB.toFixed(1)} MiB`);
  addRows(`espkit ${args.join(' ')}`, m, 0.25, 60);
}

// push: a hub found through its data folder, as `espkit push` finds one, and a device that sends its receipt
const hub = await startHub({ dataDir: cliEnv.ESPKIT_HUB, durable: false, host: '127.0.0.1', mqttPort: 0, httpPort: 0 });
const device = await connectDevice('esp32-b00701', { url: hub.urls.mqtt!, password: hub.credentials.devicePassword('esp32-b00701') });
try {
  const m = await measure([CLI, 'push', 'esp32-b00701', 'bench'], cliEnv);
  console.log(`espkit push (delivered, end to end): ${m.seconds.toFixed(3)} s, ${m.rssMiB.toFixed(1)} MiB`);
  addRows('espkit push to a local hub, end to end', m, 0.4);
  rows.push({ name: 'espkit push, peak RSS', value: m.rssMiB, unit: 'MiB', peer: 'node -e 0', peerValue: peer.rssMiB, ratio: m.rssMiB / peer.rssMiB });
} finally {
  await device.end();
  await hub.close();
}

// the same --version through tsx, as the CLI ran before it was compiled (for the record, fewer runs)
const viaTsx = await measure(['--import', import.meta.resolve('tsx'), join(root, 'host/cli.ts'), '--version'], cliEnv, 3);
console.log(`--version through tsx: ${viaTsx.seconds.toFixed(3)} s, ${viaTsx.rssMiB.toFixed(1)} MiB`);
rows.push({ name: 'espkit --version from the sources (tsx), wall', value: viaTsx.seconds, unit: 's', peer: 'node -e 0', peerValue: peer.seconds, ratio: viaTsx.seconds / peer.seconds });
rows.push({ name: 'espkit --version from the sources (tsx), peak RSS', value: viaTsx.rssMiB, unit: 'MiB', peer: 'node -e 0', peerValue: peer.rssMiB, ratio: viaTsx.rssMiB / peer.rssMiB });
rmSync(home, { recursive: true, force: true });
reportRows('cli-startup', rows);
