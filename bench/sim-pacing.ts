// Benchmark: how long the virtual board takes to move 64 KB over its UART, in each direction, against the
// line-rate floor measured by the same arithmetic the wire obeys (65536 bytes x 10 bits / baud: 5.69 s at
// 115200). The board is paced (its normal mode); a tiny program on the chip sends 64 KB on request and
// answers once it has received 64 KB. Target: within 10% of the floor, and never below it.
// Run: node --import tsx bench/sim-pacing.ts
import { performance } from 'node:perf_hooks';
import { startBoard } from '../sim/index.ts';
import { openLink, type Link } from '../host/link/index.ts';
import type { BoardServices, Personality } from '../sim/seam/personality.ts';
import { reportRows, type BenchRow } from './report.ts';

const SIZE = 64 * 1024;
const floorSeconds = (baud: number): number => (SIZE * 10) / baud;

/** On 'g' it transmits SIZE bytes; after receiving SIZE bytes (not counting the 'g') it transmits 'K'. */
function pump(services: BoardServices): Personality {
  let received = 0;
  return {
    receive(data) {
      for (const b of data) {
        if (received === 0 && b === 0x67 /* g */) { services.uartWrite(Buffer.alloc(SIZE, 0x55)); continue; }
        received++;
        if (received === SIZE) { services.uartWrite('K'); received = 0; }
      }
    },
    stop() {},
  };
}

function waitForBytes(link: Link, predicate: (total: number, chunk: Buffer) => boolean): Promise<number> {
  return new Promise((resolve) => {
    let total = 0;
    const onData = (chunk: Buffer): void => {
      total += chunk.length;
      if (predicate(total, chunk)) {
        link.off('data', onData);
        resolve(performance.now());
      }
    };
    link.on('data', onData);
  });
}

async function measure(url: string, baud: number): Promise<{ fromBoard: number; toBoard: number }> {
  const link = await openLink(url, { baud });
  try {
    await new Promise((r) => setTimeout(r, 300)); // let the boot lines pass
    while (link.read() !== null) { /* drop the tail of the boot lines the link buffered */ }
    const gotAll = waitForBytes(link, (total) => total >= SIZE);
    const t0 = performance.now();
    await link.send('g');
    const fromBoard = ((await gotAll) - t0) / 1000;
    const gotK = waitForBytes(link, (_t, chunk) => chunk.includes(0x4b));
    const t1 = performance.now();
    await link.send(Buffer.alloc(SIZE, 0xaa));
    const toBoard = ((await gotK) - t1) / 1000;
    return { fromBoard, toBoard };
  } finally {
    await link.close();
  }
}

const rows: BenchRow[] = [];
const add = (name: string, seconds: number, baud: number): void => {
  const floor = floorSeconds(baud);
  const ratio = seconds / floor;
  rows.push({ name, value: seconds, unit: 's', peer: 'line-rate floor', peerValue: floor, ratio, target: '1.00-1.10x floor', met: ratio >= 0.995 && ratio <= 1.1 });
};

const board = await startBoard({ installEspruino: true, startApplication: pump });
try {
  const r = await measure(board.ports.socket, 115200);
  add('64 KB board->host @ 115200 (socket)', r.fromBoard, 115200);
  add('64 KB host->board @ 115200 (socket)', r.toBoard, 115200);
} finally {
  await board.close();
}

// The chip's program switches its UART to 921600 (as a stub's CHANGE_BAUDRATE would); the host follows over RFC 2217.
const fast = await startBoard({ installEspruino: true, startApplication: (services) => { services.setChipBaud(921600); return pump(services); } });
try {
  const r = await measure(fast.ports.rfc2217, 921600);
  add('64 KB board->host @ 921600 (rfc2217)', r.fromBoard, 921600);
  add('64 KB host->board @ 921600 (rfc2217)', r.toBoard, 921600);
} finally {
  await fast.close();
}
reportRows('sim-pacing', rows);
