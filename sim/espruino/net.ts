// `require("net")` on the virtual ESP32: real TCP on the host, with Espruino's semantics
// (facts/espruino.md, libs/network/socketserver.c):
// - connect throws synchronously: "Not connected to the internet" without WiFi, "Unable to locate host"
//   for a name the network cannot resolve, "Unable to create socket" for a refused port; no 'error' event;
// - 'data' delivers binary strings (char codes 0-255) of at most 536 bytes, cut anywhere;
// - write(string) sends the string's bytes; write(Uint8Array) sends its text form ("66,67,0");
// - closing gives 'end' then 'close';
// - a connect callback AND .on('connect') on the same socket crash the interpreter (an assertion).
import net from 'node:net';
import { networkInterfaces } from 'node:os';
import { isListening } from './port-probe.ts';
import type { ObjectEvents } from './events.ts';

/**
 * The board's network is this machine: besides 127.x, the machine's own addresses are in reach (what
 * `espkit hub credentials` gives a device), as they are for a board on the same LAN.
 */
function isThisMachine(ip: string): boolean {
  return Object.values(networkInterfaces()).some((list) => (list ?? []).some((a) => a.family === 'IPv4' && a.address === ip));
}

/** lwIP's default TCP maximum segment size on the ESP32 build: the largest 'data' chunk. */
export const MAX_CHUNK = 536;

export interface NetHost {
  events: ObjectEvents;
  online(): boolean;
  /** The IPv4 address for a host name, or undefined if the simulated DNS does not know it. */
  resolve(host: string): string | undefined;
  fail(message: string): never;
  object(props: Record<string, unknown>): Record<string, unknown>;
  chunking: 'mss' | 'random';
  /** The interpreter has crashed on an assertion (the chip reboots). */
  assertionFailed(text: string): void;
}

interface OpenSocket {
  js: Record<string, unknown>;
  tcp: net.Socket;
  closed: boolean;
}

export class NetApi {
  private readonly open = new Set<OpenSocket>();

  constructor(private readonly host: NetHost) {}

  connect(options: unknown, callback: unknown): Record<string, unknown> {
    const opts = (typeof options === 'object' && options !== null ? options : {}) as { host?: unknown; port?: unknown };
    const name = typeof opts.host === 'string' ? opts.host : 'localhost';
    const port = Number(opts.port ?? 80);
    if (!this.host.online()) this.host.fail('Not connected to the internet');
    const ip = /^\d+\.\d+\.\d+\.\d+$/.test(name) ? name : this.host.resolve(name);
    if (!ip || !(ip.startsWith('127.') || isThisMachine(ip))) this.host.fail('Unable to locate host');
    if (!Number.isInteger(port) || port <= 0 || port > 65535 || !isListening(ip, port)) this.host.fail('Unable to create socket');
    return this.wrap(net.connect({ host: ip, port }), typeof callback === 'function' ? callback : undefined);
  }

  /** Close every socket (reset(), a WiFi drop, shutdown). */
  closeAll(): void {
    for (const s of [...this.open]) s.tcp.destroy();
  }

  private wrap(tcp: net.Socket, callback: Function | undefined): Record<string, unknown> {
    const { events } = this.host;
    const api = this;
    const entry: OpenSocket = { js: {}, tcp, closed: false };
    const js = this.host.object({});
    entry.js = js;
    this.open.add(entry);
    tcp.setNoDelay(true);
    const define = (name: string, fn: Function): void => {
      Object.defineProperty(js, name, { value: fn, writable: true, configurable: true, enumerable: false });
    };
    define('write', function write(data: unknown): boolean {
      if (entry.closed) return false;
      tcp.write(toWire(data));
      return true;
    });
    define('end', function end(data?: unknown): void {
      if (data !== undefined && !entry.closed) tcp.write(toWire(data));
      tcp.end();
    });
    define('available', function available(): number {
      return 0;
    });
    if (callback) events.on(js, 'connect', callback);
    tcp.once('connect', () => {
      if (callback && events.listeners(js, 'connect').length > 1) {
        api.host.assertionFailed("a socket got a connect callback and .on('connect')");
        return;
      }
      events.dispatch(js, 'connect', []);
    });
    tcp.on('data', (buf: Buffer) => {
      for (const piece of api.cut(buf)) events.dispatch(js, 'data', [piece.toString('latin1')]);
    });
    tcp.on('error', () => {
      // Espruino reports a broken connection by closing it; the close below follows
    });
    tcp.once('close', () => {
      entry.closed = true;
      api.open.delete(entry);
      events.dispatch(js, 'end', []);
      events.dispatch(js, 'close', []);
    });
    return js;
  }

  /** Cut received bytes into the pieces the firmware's 'data' listener gets. */
  private cut(buf: Buffer): Buffer[] {
    const out: Buffer[] = [];
    for (let at = 0; at < buf.length;) {
      const limit = this.host.chunking === 'random' ? 1 + Math.floor(Math.random() * MAX_CHUNK) : MAX_CHUNK;
      out.push(buf.subarray(at, at + limit));
      at += limit;
    }
    return out;
  }
}

/** What Espruino puts on the wire for socket.write(data): strings as bytes, anything else as its text. */
export function toWire(data: unknown): Buffer {
  if (typeof data === 'string') return Buffer.from(data, 'latin1');
  return Buffer.from(String(data), 'latin1');
}
