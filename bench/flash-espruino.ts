// Benchmark: flash a 1.4 MB Espruino-sized application image into a paced virtual board over rfc2217://
// (with the DevKit reset), at 115200 and at 921600 baud, and print the time against the line-rate floor
// (the image deflated by zlib level 9, as esptool.py sends it: x 10 bits / baud). espkit sends the smaller
// stream its deflate cache holds for the image, made beforehand as a user's first flash of a release makes
// it (untimed); the line time of the bytes it actually sent is printed beside the floor. The peer, measured in the same run on the same board, is esptool-js
// 0.7.0 driven as its own README shows (stock Transport, ESPLoader.main + writeFlash), over the same
// Web Serial adapter (it needs one to run on Node at all).
// A second peer at 921600 is esptool.py (when ESPKIT_ESPTOOL names its folder and Python has pyserial): its
// write-flash of the same image over the same rfc2217:// port with its default reset, timed from start to exit.
// Targets: within 1.10x of the floor at 115200 and 1.03x at 921600; 921600 at least 4x faster than 115200.
// The board runs in a process of its own (bench/board-process.ts), as a real board is a device of its own.
// Run: node --import tsx bench/flash-espruino.ts [--no-peer] [--size BYTES] [--baud 921600,2000000]
// (--baud picks the cases; the default is 115200 and 921600, esptool.py at the fastest of them)
import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { ESPLoader, Transport } from 'esptool-js';
import { loadBoard } from '../core/board.ts';
import { openLink } from '../host/link/index.ts';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { BoardOrder, BoardReport } from './board-process.ts';
import { flashRegions } from '../flasher/jobs.ts';
import { prepareImageSet } from '../flasher/images/regions.ts';
import { makeAppImage } from '../flasher/images/synthetic.ts';
import { LinkSerialPort } from '../flasher/web-serial.ts';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { precompressRegions } from '../flasher/precompress.ts';
import { readCachedStream } from '../flasher/deflate-cache.ts';
import { slipLineBytes } from './support/slip-bytes.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findEsptoolPy, runEsptool } from '../bench/support/esptool-py.ts';
import { reportRows, type BenchRow } from './report.ts';

const args = process.argv.slice(2);
const withPeer = !args.includes('--no-peer');
const sizeAt = args.indexOf('--size');
const size = sizeAt >= 0 ? Number(args[sizeAt + 1]) : 1_400_000;
const baudAt = args.indexOf('--baud');
const bauds = baudAt >= 0 ? (args[baudAt + 1] ?? '').split(',').map(Number) : [115200, 921600];
if (!Number.isFinite(size) || size <= 0 || bauds.some((b) => !Number.isInteger(b) || b <= 0)) {
  console.error('usage: flash-espruino.ts [--no-peer] [--size BYTES] [--baud N[,N...]]');
  process.exit(2);
}
const profile = loadBoard();
const app = makeAppImage(size);
const [region] = prepareImageSet({ description: 'bench', regions: [{ address: profile.images.app, data: app, name: 'espruino_esp32.bin' }] }, profile);
const zlib9Stream = deflateSync(region!.data, { level: 9 });
const compressed = zlib9Stream.length;
const deflateCache = mkdtempSync(join(tmpdir(), 'espkit-bench-cache-'));
const [warmed] = await precompressRegions([region!], { cacheDir: deflateCache });
process.on('exit', () => rmSync(deflateCache, { recursive: true, force: true }));

interface Run {
  who: string;
  baud: number;
  seconds: number;
  writeSeconds?: number;
  /** Deflated bytes it sent (espkit's report; the peers send zlib 9's stream). */
  sent?: number;
  ok: boolean;
}

async function ours(url: string, baud: number): Promise<Run> {
  const link = await openLink(url, { baud: profile.consoleBaud });
  const t0 = performance.now();
  try {
    const report = await flashRegions(link, [region!], { board: profile, before: 'default-reset', after: 'no-reset', baud, deflateCache });
    return { who: 'espkit', baud, seconds: (performance.now() - t0) / 1000, writeSeconds: report.writeSeconds, sent: report.compressed, ok: report.baud === baud };
  } finally {
    await link.close();
  }
}

async function peer(url: string, baud: number): Promise<Run> {
  const link = await openLink(url, { baud: profile.consoleBaud });
  const port = new LinkSerialPort(link);
  const transport = new Transport(port as unknown as ConstructorParameters<typeof Transport>[0], false);
  const quiet = { clean: () => {}, write: () => {}, writeLine: () => {} };
  const log = console.log; // its Transport traces with console.log even with tracing off
  console.log = () => {};
  const t0 = performance.now();
  try {
    const loader = new ESPLoader({ transport, baudrate: baud, romBaudrate: profile.consoleBaud, terminal: quiet });
    await loader.main('default_reset');
    let w0 = 0;
    await loader.writeFlash({
      fileArray: [{ data: region!.data, address: region!.address }],
      flashMode: 'keep', flashFreq: 'keep', flashSize: 'keep', eraseAll: false, compress: true,
      reportProgress: (_i, written) => { if (written === 0) w0 = performance.now(); },
      calculateMD5Hash: (image) => createHash('md5').update(image).digest('hex'),
    });
    const seconds = (performance.now() - t0) / 1000;
    await transport.disconnect();
    return { who: 'esptool-js', baud, seconds, writeSeconds: (performance.now() - w0) / 1000, ok: true };
  } finally {
    console.log = log;
    await link.close();
  }
}

/** esptool.py write-flash of the same image, start to exit (its Python start-up included, as a user sees it). */
async function esptoolPy(url: string, baud: number): Promise<Run | undefined> {
  const tool = findEsptoolPy();
  if (typeof tool === 'string') {
    console.log(`esptool.py left out: ${tool}`);
    return undefined;
  }
  const dir = mkdtempSync(join(tmpdir(), 'espkit-bench-'));
  try {
    const file = join(dir, 'app.bin');
    writeFileSync(file, region!.data);
    const t0 = performance.now();
    const run = await runEsptool(tool, ['--chip', 'esp32', '-p', url, '-b', String(baud), '--after', 'no-reset', 'write-flash', `0x${region!.address.toString(16)}`, file], 300_000);
    const seconds = (performance.now() - t0) / 1000;
    const wrote = /Wrote \d+ bytes \(\d+ compressed\) at \S+ in ([\d.]+) seconds/.exec(run.output);
    return { who: 'esptool.py', baud, seconds, ...(wrote ? { writeSeconds: Number(wrote[1]) } : {}), ok: run.code === 0 && /Hash of data verified/.test(run.output) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const boardProcess = fork(fileURLToPath(new URL('./board-process.ts', import.meta.url)), [], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
const reports: ((r: BoardReport) => void)[] = [];
boardProcess.on('message', (r: BoardReport) => reports.shift()?.(r));
const nextReport = <T extends BoardReport['type']>(type: T): Promise<Extract<BoardReport, { type: T }>> =>
  new Promise((resolve, reject) => {
    boardProcess.once('exit', (code) => reject(new Error(`the board process ended (${code}) before it answered`)));
    reports.push((r) => (r.type === type ? resolve(r as Extract<BoardReport, { type: T }>) : reject(new Error(`the board process answered ${r.type}, not ${type}`))));
  });
const askBoard = <T extends BoardReport['type']>(order: BoardOrder, type: T): Promise<Extract<BoardReport, { type: T }>> => {
  const answer = nextReport(type);
  boardProcess.send(order);
  return answer;
};
const url = (await nextReport('ready')).rfc2217;
const runs: Run[] = [];
try {
  for (const baud of bauds) {
    runs.push(await ours(url, baud));
    if (withPeer) runs.push(await peer(url, baud));
  }
  const py = withPeer ? await esptoolPy(url, Math.max(...bauds)) : undefined;
  if (py) runs.push(py);
  const flashed = (await askBoard({ type: 'md5', address: region!.address, size: region!.data.length }, 'md5')).md5 === region!.md5;
  const cachedStream = warmed!.stream;
  console.log(`image: ${size.toLocaleString('en-US')} bytes, ${compressed.toLocaleString('en-US')} compressed (zlib 9); board paced, rfc2217 with the DevKit reset; flash holds the image: ${flashed}`);
  console.log(`deflate cache warmed (untimed) in ${warmed!.seconds.toFixed(1)} s: ${cachedStream.toLocaleString('en-US')} bytes (${((1 - cachedStream / compressed) * 100).toFixed(2)} % under zlib 9)`);
  const lookup = await readCachedStream(region!.data, deflateCache);
  const ourLine = slipLineBytes(lookup.found ? lookup.stream : zlib9Stream);
  console.log(`on the line for the write (SLIP escapes and block headers): zlib 9's stream ${slipLineBytes(zlib9Stream).toLocaleString('en-US')} bytes, espkit's ${ourLine.toLocaleString('en-US')} bytes`);
  console.log('who          baud     total s   floor s  total/floor  write s  write/floor     sent  sent line s  total/sent line');
  for (const r of runs) {
    const floor = (compressed * 10) / r.baud;
    const sent = r.sent ?? compressed;
    const sentLine = (sent * 10) / r.baud;
    console.log(`${r.who.padEnd(11)} ${String(r.baud).padStart(7)} ${r.seconds.toFixed(2).padStart(9)} ${floor.toFixed(2).padStart(9)} ${(r.seconds / floor).toFixed(3).padStart(12)} ${(r.writeSeconds ?? NaN).toFixed(2).padStart(8)} ${((r.writeSeconds ?? NaN) / floor).toFixed(3).padStart(12)} ${String(sent).padStart(8)} ${sentLine.toFixed(2).padStart(12)} ${(r.seconds / sentLine).toFixed(3).padStart(16)}${r.ok ? '' : '  (baud change failed)'}`);
  }
  const slow = runs.find((r) => r.who === 'espkit' && r.baud === 115200);
  const fast = runs.find((r) => r.who === 'espkit' && r.baud === 921600);
  if (slow && fast) console.log(`espkit 921600 vs 115200: ${(slow.seconds / fast.seconds).toFixed(2)}x faster (target >= 4x); 115200 total/floor ${(slow.seconds / ((compressed * 10) / 115200)).toFixed(3)} (target <= 1.10)`);
  for (const baud of bauds) {
    const a = runs.find((r) => r.who === 'espkit' && r.baud === baud);
    const b = runs.find((r) => r.who === 'esptool-js' && r.baud === baud);
    if (a && b) console.log(`at ${baud}: espkit ${a.seconds.toFixed(2)} s, esptool-js ${b.seconds.toFixed(2)} s (ratio ${(a.seconds / b.seconds).toFixed(3)})`);
    const c = runs.find((r) => r.who === 'esptool.py' && r.baud === baud);
    if (a && c) console.log(`at ${baud}: espkit ${a.seconds.toFixed(2)} s, esptool.py ${c.seconds.toFixed(2)} s${c.ok ? '' : ' (FAILED)'}, floor ${((compressed * 10) / baud).toFixed(2)} s`);
  }
  const rows: BenchRow[] = [];
  for (const r of runs.filter((x) => x.who === 'espkit')) {
    const floor = (compressed * 10) / r.baud;
    const peerRun = runs.find((x) => x.who === 'esptool-js' && x.baud === r.baud);
    rows.push({
      name: `flash 1.4 MB @ ${r.baud} vs floor`, value: r.seconds, unit: 's', peer: 'line-rate floor', peerValue: floor, ratio: r.seconds / floor,
      ...(r.baud === 115200 ? { target: '<= 1.10x floor', met: r.seconds / floor <= 1.1 } : r.baud === 921600 ? { target: '<= 1.03x floor', met: r.seconds / floor <= 1.03 } : {}),
    });
    if (r.sent !== undefined) rows.push({ name: `flash 1.4 MB @ ${r.baud} vs bytes it sent`, value: r.seconds, unit: 's', peer: 'line time of those', peerValue: (r.sent * 10) / r.baud, ratio: r.seconds / ((r.sent * 10) / r.baud) });
    if (peerRun) rows.push({ name: `flash 1.4 MB @ ${r.baud} vs esptool-js`, value: r.seconds, unit: 's', peer: 'esptool-js 0.7.0', peerValue: peerRun.seconds, ratio: r.seconds / peerRun.seconds });
    const pyRun = runs.find((x) => x.who === 'esptool.py' && x.baud === r.baud);
    if (pyRun) rows.push({ name: `flash 1.4 MB @ ${r.baud} vs esptool.py`, value: r.seconds, unit: 's', peer: `esptool.py 5.3.1${pyRun.ok ? '' : ' (failed)'}`, peerValue: pyRun.seconds, ratio: r.seconds / pyRun.seconds, target: 'no slower', met: pyRun.ok && r.seconds <= pyRun.seconds });
  }
  if (slow && fast) rows.push({ name: 'flash speed-up 921600 vs 115200', value: slow.seconds / fast.seconds, unit: 'x', target: '>= 4x', met: slow.seconds / fast.seconds >= 4 });
  reportRows('flash-espruino', rows);
} finally {
  await askBoard({ type: 'close' }, 'closed').catch(() => boardProcess.kill());
}
