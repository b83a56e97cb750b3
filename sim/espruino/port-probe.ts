// Is anything listening on 127.0.0.1:port, answered synchronously? Espruino's net.connect throws at once
// when the port is refused ("Unable to create socket"), so the sandbox must know before it returns.
//
// On Linux the kernel's socket tables answer without touching the server: /proc/net/tcp and tcp6 list
// every socket with its local address and state (0A = LISTEN). Elsewhere a worker thread tries a real
// connection while this thread waits on a shared flag (Atomics.wait), which the server sees as a
// connection that closes at once.
import { readFileSync, existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';

const LISTEN = '0A';

/** 127.0.0.1 as /proc/net/tcp writes it (the 32-bit word in host order, x86 and ARM little-endian). */
function procHexV4(ip: string): string {
  return ip.split('.').map((p) => Number(p).toString(16).padStart(2, '0').toUpperCase()).reverse().join('');
}

function listeningFromProc(ip: string, port: number): boolean {
  const portHex = port.toString(16).toUpperCase().padStart(4, '0');
  const v4 = procHexV4(ip);
  const wanted4 = new Set([`${v4}:${portHex}`, `00000000:${portHex}`]);
  // in tcp6: the unspecified address (dual stack) and the IPv4-mapped form of ip
  const wanted6 = new Set([`${'0'.repeat(32)}:${portHex}`, `0000000000000000FFFF0000${v4}:${portHex}`]);
  for (const [file, wanted] of [['/proc/net/tcp', wanted4], ['/proc/net/tcp6', wanted6]] as const) {
    let text: string;
    try {
      text = readFileSync(file, 'latin1');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length > 3 && cols[3] === LISTEN && wanted.has(cols[1]!)) return true;
    }
  }
  return false;
}

const PROBE_SOURCE = `
const { workerData } = require('node:worker_threads');
const net = require('node:net');
const flag = new Int32Array(workerData.shared);
const done = (ok) => { Atomics.store(flag, 1, ok ? 1 : 2); Atomics.store(flag, 0, 1); Atomics.notify(flag, 0); };
const s = net.connect({ host: workerData.ip, port: workerData.port });
s.once('connect', () => { s.destroy(); done(true); });
s.once('error', () => done(false));
`;

function listeningFromWorker(ip: string, port: number, timeoutMs: number): boolean {
  const shared = new SharedArrayBuffer(8);
  const flag = new Int32Array(shared);
  const worker = new Worker(PROBE_SOURCE, { eval: true, workerData: { shared, ip, port } });
  try {
    Atomics.wait(flag, 0, 0, timeoutMs);
    return Atomics.load(flag, 1) === 1;
  } finally {
    void worker.terminate();
  }
}

const haveProc = existsSync('/proc/net/tcp');

/** True when a TCP server listens on ip:port (ip is a loopback IPv4 address). */
export function isListening(ip: string, port: number): boolean {
  return haveProc ? listeningFromProc(ip, port) : listeningFromWorker(ip, port, 2000);
}
