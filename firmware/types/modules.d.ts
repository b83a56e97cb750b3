// Espruino's built-in modules on the ESP32, reached with require("Name") (https://www.espruino.com/Reference).
// Notes from measurement (docs/espruino.md) are on the members they concern.

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
  disconnect(callback?: () => void): void;
  getIP(callback?: (err: string | null, ip: WifiIp) => void): WifiIp;
  getStatus(callback?: (status: { station: string; ap: string; [key: string]: unknown }) => void): { station: string; ap: string; [key: string]: unknown };
  getDetails(callback?: (details: { status: string; ssid?: string; rssi?: number; [key: string]: unknown }) => void): { status: string; ssid?: string; rssi?: number; [key: string]: unknown };
  setHostname(hostname: string, callback?: () => void): void;
  /** Stores the credentials in the Storage file `.wificfg`, restored at boot. */
  save(what?: 'clear'): void;
  scan(callback: (networks: Array<{ ssid: string; rssi: number; authMode: string; channel: number; mac: string }>) => void): void;
  on(event: 'associated', callback: (details: { ssid: string; mac: string; channel: number }) => void): void;
  on(event: 'connected', callback: (details: WifiIp) => void): void;
  on(event: 'disconnected', callback: (details: WifiDisconnectDetails) => void): void;
  on(event: 'auth_change' | 'dhcp_timeout' | 'probe_recv' | 'sta_joined' | 'sta_left', callback: (details: unknown) => void): void;
  removeAllListeners(event?: string): void;
}

interface NetSocket {
  /** A binary string (char codes 0-255). A Uint8Array would be sent as its text form: use E.toString(u8). */
  write(data: string): boolean;
  end(data?: string): void;
  /** 'data' chunks are at most 536 bytes, split or coalesced anywhere. */
  on(event: 'data', callback: (data: string) => void): void;
  on(event: 'connect' | 'end' | 'close' | 'drain', callback: () => void): void;
  on(event: 'error', callback: (error: { code: number; message: string }) => void): void;
  removeAllListeners(event?: string): void;
}
interface NetModule {
  /**
   * Throws synchronously when the port is refused or the host unknown ("Unable to create socket",
   * "Unable to locate host", "Not connected to the internet"). Do not pass a callback AND listen for
   * 'connect' on the same socket: that crashes the interpreter.
   */
  connect(options: { host: string; port: number }, callback?: () => void): NetSocket;
}

interface StorageModule {
  read(name: string, offset?: number, length?: number): string | undefined;
  readJSON(name: string, noExceptions?: boolean): unknown;
  readArrayBuffer(name: string): ArrayBuffer | undefined;
  write(name: string, data: string | ArrayLike<number> | ArrayBuffer, offset?: number, size?: number): boolean;
  writeJSON(name: string, data: unknown): boolean;
  erase(name: string): void;
  list(pattern?: RegExp | string, options?: { sf?: boolean }): string[];
  getFree(): number;
  getStats(): { totalBytes: number; freeBytes: number; fileBytes: number; fileCount: number; trashBytes: number; trashCount: number };
  compact(): void;
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
interface NrfModule {
  /** 16-bit characteristic UUIDs only on the ESP32; skipped while a central is connected. */
  setServices(services: BleServices, options?: { advertise?: string[]; uart?: boolean }): void;
  updateServices(services: Record<string, Record<string, { value: string | number[] | ArrayBuffer; notify?: boolean; indicate?: boolean }>>): void;
  setAdvertising(data: Record<string, unknown> | Array<unknown>, options?: { name?: string; showName?: boolean; connectable?: boolean; interval?: number }): void;
  disconnect(): void;
  getAddress(): string;
  sleep(): void;
  wake(): void;
  on(event: 'connect', callback: (address: string) => void): void;
  on(event: 'disconnect', callback: (reason: number) => void): void;
}
declare const NRF: NrfModule;

interface Esp32Module {
  deepSleep(us: number): void;
  getState(): { sdkVersion: string; freeHeap: number; BLE: boolean; Wifi: boolean; minHeap: number };
  setBLE_Debug(level: number): void;
  enableBLE(enable: boolean): void;
  enableWifi(enable: boolean): void;
}

declare function require(name: 'Wifi'): WifiModule;
declare function require(name: 'net'): NetModule;
declare function require(name: 'Storage'): StorageModule;
declare function require(name: 'ESP32'): Esp32Module;
