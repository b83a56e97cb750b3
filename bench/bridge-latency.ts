// Benchmark: how long a serial line takes to become an MQTT message through `espkit bridge`, at 921600 baud on
// the paced virtual board running Espruino, with mosquitto as the broker.
//
// The board prints numbered lines from a timer (200 a second). An observer connected to the same board port
// stamps each line when its LF arrives (both it and the bridge get the bytes from the board at the same
// moment); a subscriber stamps the MQTT message. Latency = message time - LF time, p50 and p99.
// Peers, measured in the same run against the same board and broker, taking turns:
//   - "readline + mqtt.js": the obvious Node bridge (net socket, node:readline, publish QoS 1 per line);
//   - "socat | mosquitto_pub -l": the classic shell pipeline (C programs), if mosquitto-clients is installed.
// Run: node --import tsx bench/bridge-latency.ts [--lines N] [--rounds R]
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { createInterface } from 'node:readline';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import mqtt from 'mqtt';
import { startBoard } from '../sim/index.ts';
import { restartableMosquitto } from '../bench/support/hub-brokers.ts';
import { reportRows, type BenchRow } from './report.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const arg = (name: string, fallback: number): number => {
  const at = args.indexOf(name);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};
const BAUD = 921600;

// ---- the peer bridge, when this file is started as one ------------------------------------------------------
if (args[0] === '--peer-bridge') {
  const [, boardPort, url, topic] = args;
  const client = mqtt.connect(url!, { protocolVersion: 4 });
  client.on('connect', () => {
    const socket = connect(Number(boardPort), '127.0.0.1');
    createInterface({ input: socket }).on('line', (line) => client.publish(topic!, line, { qos: 1 }));
    console.log('ready');
  });
} else {
  await main();
}

interface Contestant {
  name: string;
  start(boardPort: number, url: string, topic: string): ChildProcess;
}

function parseLine(text: string): number | undefined {
  const m = /L(\d+) x{40}/.exec(text);
  return m ? Number(m[1]) : undefined;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main(): Promise<void> {
  const lines = arg('--lines', 1500);
  const rounds = arg('--rounds', 2);
  const dir = mkdtempSync(join(tmpdir(), 'espkit-bench-bridge-'));
  const broker = await restartableMosquitto();
  const board = await startBoard({ pacing: true, installEspruino: true });
  const boardPort = Number(board.ports.socket.split(':').pop());
  const observer: Socket = connect(boardPort, '127.0.0.1');
  const seenAt = new Map<number, number>();
  let console_ = '';
  createInterface({ input: observer }).on('line', (text) => {
    const n = parseLine(text);
    if (n !== undefined) seenAt.set(n, performance.now());
  });
  observer.on('data', (d: Buffer) => { console_ = (console_ + d.toString('latin1')).slice(-2000); });
  const until = async (test: () => boolean, what: string, ms = 60_000): Promise<void> => {
    const deadline = Date.now() + ms;
    while (!test()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  const type = (text: string): void => { observer.write(text); };

  await until(() => console_.endsWith('>'), 'the Espruino prompt');
  console_ = '';
  type('Serial1.setup(921600)\n');
  await until(() => console_.includes('=undefined'), 'the console to switch to 921600 baud');
  // The UART divider makes the real rate a little off the nominal one (80 MHz / 921600 is not whole).
  if (Math.abs(board.chipBaud / BAUD - 1) > 0.01) throw new Error(`the board runs at ${board.chipBaud} baud, not ${BAUD}`);

  const contestants: Contestant[] = [
    {
      name: 'espkit bridge',
      start: (port, url, topic) => spawn(process.execPath, [
        'bin/espkit.js', '--port', `socket://127.0.0.1:${port}`, '--json', 'bridge', '--broker', url,
        '--device', topic.split('/')[1]!, '--prefix', 'bench', '--queue', join(dir, `${topic.split('/')[1]}.queue`),
      ], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] }),
    },
    {
      name: 'readline + mqtt.js',
      start: (port, url, topic) => spawn(process.execPath, ['--import', 'tsx', 'bench/bridge-latency.ts', '--peer-bridge', String(port), url, topic], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] }),
    },
  ];
  const havePub = spawnSync('mosquitto_pub', ['--help'], { stdio: 'ignore' }).error === undefined;
  if (havePub) {
    contestants.push({
      name: 'socat | mosquitto_pub -l',
      start: (port, _url, topic) => spawn('sh', ['-c', `socat -u TCP:127.0.0.1:${port} STDOUT | mosquitto_pub -h 127.0.0.1 -p ${broker.port} -q 1 -l -t ${topic}`], { stdio: ['ignore', 'pipe', 'inherit'] }),
    });
  } else {
    console.log('(mosquitto_pub not installed: apt-get install mosquitto-clients for the shell-pipeline peer)');
  }

  const results = new Map<string, number[]>();
  let round = 0;
  for (let r = 0; r < rounds; r++) {
    for (const c of contestants) {
      round++;
      const topic = `bench/dev${round}/serial`;
      const sub = mqtt.connect(broker.url, { protocolVersion: 4 });
      const gotAt = new Map<number, number>();
      sub.on('message', (_t, payload) => {
        const n = parseLine(payload.toString('latin1'));
        if (n !== undefined && !gotAt.has(n)) gotAt.set(n, performance.now());
      });
      await new Promise<void>((resolve, reject) => sub.once('connect', () => sub.subscribe(topic, { qos: 1 }, (e) => (e ? reject(e) : resolve()))));
      const child = c.start(boardPort, broker.url, topic);
      // Ready once a probe line printed by the board comes through.
      let probe = 0;
      await until(() => {
        if (gotAt.size > 0) return true;
        type(`\x10print("L${1_000_000 + probe++} ${'x'.repeat(40)}")\n`);
        return false;
      }, `${c.name} to carry a first line`);
      await new Promise((res) => setTimeout(res, 200));
      seenAt.clear();
      gotAt.clear();
      type(`\x10var n=0,iv=setInterval(function(){print("L"+(n++)+" "+"x".repeat(40));if(n>=${lines})clearInterval(iv);},5)\n`);
      await until(() => gotAt.has(lines - 1) && seenAt.has(lines - 1), `${c.name} to carry ${lines} lines`, 120_000);
      const lat: number[] = [];
      for (let i = 0; i < lines; i++) {
        const t0 = seenAt.get(i);
        const t1 = gotAt.get(i);
        if (t0 !== undefined && t1 !== undefined) lat.push(t1 - t0);
      }
      const missing = lines - lat.length;
      child.kill('SIGTERM');
      await new Promise((res) => (child.exitCode !== null ? res(undefined) : child.once('exit', res)));
      await new Promise<void>((resolve) => sub.end(true, {}, () => resolve()));
      results.set(c.name, [...(results.get(c.name) ?? []), ...lat]);
      const sorted = [...lat].sort((a, b) => a - b);
      console.log(`round ${r + 1} ${c.name}: ${lat.length} lines, p50 ${percentile(sorted, 50).toFixed(2)} ms, p99 ${percentile(sorted, 99).toFixed(2)} ms, max ${sorted.at(-1)!.toFixed(2)} ms${missing ? `, ${missing} missing` : ''}`);
    }
  }

  observer.destroy();
  await board.close();
  await broker.close();
  rmSync(dir, { recursive: true, force: true });

  const stats = (name: string): { p50: number; p99: number } => {
    const sorted = [...results.get(name)!].sort((a, b) => a - b);
    return { p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
  };
  const ours = stats('espkit bridge');
  const rows: BenchRow[] = [];
  for (const peer of contestants.slice(1)) {
    const theirs = stats(peer.name);
    rows.push({ name: `bridge line->MQTT p99 @ ${BAUD}`, value: ours.p99, unit: 'ms', peer: peer.name, peerValue: theirs.p99, ratio: ours.p99 / theirs.p99 });
    rows.push({ name: `bridge line->MQTT p50 @ ${BAUD}`, value: ours.p50, unit: 'ms', peer: peer.name, peerValue: theirs.p50, ratio: ours.p50 / theirs.p50 });
  }
  reportRows('bridge-latency', rows);
}
