// Benchmark: deploy the firmware to a paced virtual board at 115200 (stored in Storage, CRC-checked,
// booted, ready line seen) and print the time against the line-rate floor (firmware bytes x 10 bits /
// baud) and against the peer: the `espruino` package's own command-line upload of the same file into
// Storage (SAVE_ON_SEND=1) on the same virtual link, measured in the same run. After the peer's upload
// the stored file's CRC is compared with the file, since the peer checks nothing itself.
// Targets (issue 5): at most 2.0 s for about 16 KB (the floor is 1.4 s); the firmware stays under 16 KB.
// Run: node --import tsx bench/deploy-espruino.ts [--no-peer] [--runs N]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildFirmware } from '../host/build/index.ts';
import { openLink } from '../host/link/index.ts';
import { EspruinoRepl } from '../host/espruino/repl.ts';
import { deployFirmware, type DeployResult } from '../host/espruino/deploy.ts';
import { crc32 } from '../core/codec/crc32.ts';
import { startBoard, type VirtualBoard } from '../sim/index.ts';
import { reportRows, type BenchRow } from './report.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const withPeer = !args.includes('--no-peer');
const runsAt = args.indexOf('--runs');
const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 3;
const BAUD = 115200;
const BUDGET = 16 * 1024;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Evaluate on the board through our REPL (to wait for the prompt, or read back what the peer stored). */
async function onBoard<T>(board: VirtualBoard, expression: string): Promise<T> {
  const link = await openLink(board.ports.socket);
  const repl = new EspruinoRepl(link);
  try {
    await repl.prompt(10_000);
    return await repl.evaluate<T>(expression, { timeoutMs: 10_000 });
  } finally {
    repl.detach();
    await link.close();
  }
}

async function ours(board: VirtualBoard, code: Buffer): Promise<{ seconds: number; result: DeployResult }> {
  const link = await openLink(board.ports.socket, { baud: BAUD });
  try {
    const t0 = performance.now();
    const result = await deployFirmware(link, { code });
    return { seconds: (performance.now() - t0) / 1000, result };
  } finally {
    await link.close();
  }
}

/** The `espruino` CLI (0.1.67) storing the file in Storage; wall time until it exits, as a user sees it. */
async function peer(board: VirtualBoard, file: string): Promise<{ seconds: number; exit: number }> {
  const cli = join(root, 'node_modules/espruino/bin/espruino-cli.js');
  const port = board.ports.socket.replace('socket://', 'tcp://');
  const t0 = performance.now();
  const child = spawn(process.execPath, [cli, '--no-ble', '-p', port, '-b', String(BAUD), '--config', 'SAVE_ON_SEND=1', file], { stdio: 'ignore' });
  const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const exit = await new Promise<number>((resolve) => child.on('exit', (c) => resolve(c ?? 1)));
  clearTimeout(killer);
  return { seconds: (performance.now() - t0) / 1000, exit };
}

const dir = mkdtempSync(join(tmpdir(), 'espkit-bench-deploy-'));
const board = await startBoard({ pacing: true, installEspruino: true });
try {
  const file = join(dir, 'firmware.js');
  const built = await buildFirmware({ root, out: file });
  const code = Buffer.from(built.code);
  const floor = (code.length * 10) / BAUD;
  console.log(`firmware ${code.length} bytes; line-rate floor at ${BAUD} baud ${floor.toFixed(2)} s`);
  await onBoard(board, '1'); // past the board's boot: every run starts at a prompt

  const times: number[] = [];
  let last: DeployResult | undefined;
  for (let i = 0; i < runs; i++) {
    const run = await ours(board, code);
    times.push(run.seconds);
    last = run.result;
    console.log(`espkit deploy #${i + 1}: ${run.seconds.toFixed(2)} s (${run.result.upload.chunks} chunks, ${run.result.upload.compressedChunks} compressed, ` +
      `${run.result.upload.lineBytes} bytes of lines, ${run.result.xoff} XOFF, upload ${run.result.ms.upload} ms, boot ${run.result.ms.reboot} ms)`);
  }
  const ourSeconds = median(times);

  const rows: BenchRow[] = [
    { name: `deploy ${(code.length / 1024).toFixed(1)} KB @ ${BAUD} vs floor`, value: ourSeconds, unit: 's', peer: 'line-rate floor', peerValue: floor, ratio: ourSeconds / floor, target: '<= 2.0 s', met: ourSeconds <= 2.0 },
    { name: 'bytes on the wire / firmware bytes', value: last!.upload.lineBytes / code.length, unit: 'x', target: '< 1 beats the floor' },
    { name: 'minified firmware size', value: code.length, unit: 'bytes', target: `< ${BUDGET}`, met: code.length < BUDGET },
  ];

  if (withPeer) {
    const p = await peer(board, file);
    const stored = await onBoard<[number, number] | null>(board, '(function(){var f=require("Storage").read(".bootcde");return f===undefined?null:[f.length,E.CRC32(f)]})()');
    const intact = stored !== null && stored[0] === code.length && stored[1] === crc32(code);
    console.log(`espruino CLI: ${p.seconds.toFixed(2)} s, exit ${p.exit}; stored .bootcde ${stored ? `${stored[0]} bytes, ${intact ? 'intact' : 'CORRUPT'}` : 'missing'} (it did not check)`);
    rows.push({ name: 'deploy vs the espruino package (store in Storage)', value: ourSeconds, unit: 's', peer: 'espruino 0.1.67 CLI', peerValue: p.seconds, ratio: ourSeconds / p.seconds, target: 'faster, and verified', met: ourSeconds < p.seconds });
  }
  reportRows('deploy-espruino', rows);
} finally {
  await board.close();
  rmSync(dir, { recursive: true, force: true });
}
