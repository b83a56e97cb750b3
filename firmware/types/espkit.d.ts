// Hand-written additions to the generated Espruino typings (espruino.d.ts): helper types that Espruino's own
// signature shapes name, and sharper types for the calls espkit's firmware makes, measured on the real
// interpreter (docs/espruino.md). Interfaces here merge with the generated ones; a member named here
// replaces the generated member of that name (for `on`, every event: list them all). The generator compiles
// its output together with this file and leaves it alone.

type PinMode = 'analog' | 'input' | 'input_pullup' | 'input_pulldown' | 'output' | 'opendrain' | 'af_output' | 'af_opendrain' | 'opendrain_pullup';
/** The id setInterval returns (a number on Espruino). */
type IntervalId = number;
/** The id setTimeout returns (a number on Espruino). */
type TimeoutId = number;
/** What E.toUint8Array and the pin/bus writers take: bytes, text, numbers, or nested arrays of them. */
type Uint8ArrayResolvable = number | string | Uint8ArrayResolvable[] | ArrayBuffer | ArrayBufferView | { data: Uint8ArrayResolvable; count: number } | { callback: () => Uint8ArrayResolvable };
interface PipeOptions {
  chunkSize?: number;
  end?: boolean;
  complete?: () => void;
}
type ErrorFlag = 'FIFO_FULL' | 'BUFFER_FULL' | 'CALLBACK' | 'LOW_MEMORY' | 'MEMORY' | 'MEMORY_BUSY' | 'UART_OVERFLOW';
/** Espruino takes 0 and 1 where it takes a boolean. */
type ShortBoolean = boolean | 0 | 1;

interface ProcessMemory {
  free: number;
  usage: number;
  total: number;
  history: number;
  gc: number;
  gctime: number;
  blocksize: number;
}
interface ProcessStatic {
  memory(gc?: boolean): ProcessMemory;
}

interface WifiIp {
  ip: string;
  netmask: string;
  gw: string;
  mac?: string;
}
interface WifiDisconnectDetails {
  ssid?: string;
  mac?: string;
  reason?: string | number;
  msg?: string;
}
interface WifiModule {
  /** Retries 3 times, then gives up; it does NOT reconnect after a later drop: listen for 'disconnected'. */
  connect(ssid: string, options: { password?: string; dnsServers?: string[]; authMode?: string }, callback?: (err: string | null) => void): void;
  getIP(callback?: (err: string | null, ip: WifiIp) => void): WifiIp;
  scan(callback: (networks: Array<{ ssid: string; rssi: number; authMode: string; channel: number; mac: string }>) => void): void;
  on(event: 'associated', callback: (details: { ssid: string; mac: string; channel: number }) => void): void;
  on(event: 'connected', callback: (details: WifiIp) => void): void;
  on(event: 'disconnected', callback: (details: WifiDisconnectDetails) => void): void;
  on(event: 'auth_change' | 'sta_joined' | 'sta_left' | 'probe_recv', callback: (details: Record<string, unknown>) => void): void;
  on(event: 'dhcp_timeout', callback: () => void): void;
}

/** A TCP socket from require("net").connect. */
type NetSocket = Socket;
interface Socket {
  /** A binary string (char codes 0-255). A Uint8Array would be sent as its text form: use E.toString(u8). */
  write(data: string): boolean;
  end(data?: string): void;
  /** 'data' chunks are at most 536 bytes, split or coalesced anywhere. */
  on(event: 'data', callback: (data: string) => void): void;
  on(event: 'connect' | 'end' | 'close' | 'drain', callback: () => void): void;
  on(event: 'error', callback: (error: { code: number; message: string }) => void): void;
}
interface NetModule {
  /**
   * Throws synchronously when the port is refused or the host unknown ("Unable to create socket",
   * "Unable to locate host", "Not connected to the internet"). Do not pass a callback AND listen for
   * 'connect' on the same socket: that crashes the interpreter.
   */
  connect(options: { host: string; port: number }, callback?: () => void): Socket;
}

interface BleCharacteristic {
  value?: string | number[] | ArrayBuffer;
  maxLen?: number;
  readable?: boolean;
  writable?: boolean;
  notify?: boolean;
  indicate?: boolean;
  description?: string;
  onWrite?: (event: { data: ArrayBuffer }) => void;
}
type BleServices = Record<string, Record<string, BleCharacteristic>>;
interface NRFStatic {
  /** 16-bit characteristic UUIDs only on the ESP32; skipped while a central is connected. */
  setServices(services: BleServices, options?: { advertise?: string[]; uart?: boolean }): void;
  updateServices(services: Record<string, Record<string, { value: string | number[] | ArrayBuffer; notify?: boolean; indicate?: boolean }>>): void;
  setAdvertising(data: Record<string, unknown> | Array<unknown>, options?: { name?: string; showName?: boolean; connectable?: boolean; interval?: number }): void;
  on(event: 'connect', callback: (address: string) => void): void;
  on(event: 'disconnect', callback: (reason: number) => void): void;
  on(event: 'security', callback: (status: Record<string, unknown>) => void): void;
  on(event: 'servicesDiscover' | 'characteristicsDiscover', callback: () => void): void;
}

interface HttpRequestOptions {
  host?: string;
  port?: number;
  path?: string;
  method?: string;
  protocol?: 'http:' | 'https:';
  headers?: Record<string, string | number>;
}
interface HttpModule {
  /** A URL, or its parts; the callback gets the response once its headers arrived. */
  get(options: string | HttpRequestOptions, callback?: (res: httpCRs) => void): httpCRq;
  request(options: string | HttpRequestOptions, callback?: (res: httpCRs) => void): httpCRq;
}

// Without a time the callback runs as with 0 ms (measured on the interpreter); the generated signatures
// ask for one.
declare function setTimeout(callback: string | Function): TimeoutId;
declare function setInterval(callback: string | Function): IntervalId;
