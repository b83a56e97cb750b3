// Bluetooth LE on the virtual ESP32: the `NRF` object's GATT server and advertising as the ESP32 build
// implements them (targets/esp32/BLE/esp32_gatts_func.c), and a simulated central that tests drive.
//
// ESP32 specifics kept (facts/espruino.md):
// - characteristic UUIDs are registered as 16-bit: a 128-bit characteristic UUID keeps only its bytes 12-13
//   ("6e400002-b5a3-..." becomes 0x0002); service UUIDs keep all 128 bits;
// - maxLen and security options are ignored; setServices is skipped while a central is connected;
// - the Nordic UART service is on by default, and when a central connects while it is on, the console
//   moves to Bluetooth (the serial console goes quiet) until the central disconnects.
import type { BoardEvent } from '../seam/personality.ts';

export const NUS_SERVICE = '6e400001-b5a3-f393-e0a9-e50e24dcca9e';
const NUS_RX = '0002'; // the central writes console input here
const NUS_TX = '0003'; // console output is notified here
/** BLE_NUS_MAX_DATA_LEN: console output goes out in notifications of at most 20 bytes. */
const NUS_CHUNK = 20;

export interface Characteristic {
  /** The 16-bit UUID as 4 lowercase hex digits (what a central sees on the ESP32). */
  uuid: string;
  value: Buffer;
  readable: boolean;
  writable: boolean;
  notify: boolean;
  indicate: boolean;
  description?: string;
  /** The session's onWrite callback. */
  onWrite?: Function;
}

export interface Service {
  /** Normalised: 4 hex digits for 16-bit UUIDs, the lowercase 128-bit form otherwise. */
  uuid: string;
  chars: Characteristic[];
  nus: boolean;
}

/** One notification as the central received it. */
export interface Notification {
  service: string;
  characteristic: string;
  data: Buffer;
}

/** Parse a UUID as Espruino accepts it ("0x180F", "180F", 0x180F or a 128-bit string), or throw. */
export function normaliseUuid(v: unknown): string {
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 0xffff) return v.toString(16).padStart(4, '0');
  if (typeof v !== 'string') throw new Error('not a String or Number');
  const s = v.trim().toLowerCase().replace(/^0x/, '');
  if (/^[0-9a-f]{4}$/.test(s)) return s;
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(s)) return s;
  throw new Error(`UUID ${JSON.stringify(v)} should be 16 bit (e.g. "ABCD") or 128 bit`);
}

/** The UUID a characteristic gets on the ESP32: 16 bits, bytes 12-13 of a 128-bit one. */
export function characteristicUuid(v: unknown): string {
  const u = normaliseUuid(v);
  return u.length === 4 ? u : u.slice(4, 8);
}

export interface PeripheralHooks {
  /** A central connected or disconnected (the interpreter moves the console, NRF events fire). */
  connection(connected: boolean, address: string, reason?: number): void;
  /** Bytes written to the Nordic UART's RX characteristic. */
  uartInput(data: Buffer): void;
  /** A central wrote a characteristic that has an onWrite callback. */
  written(ch: Characteristic, data: Buffer): void;
}

/** The radio and its GATT server: outlives reset()/load(), not a chip reset. */
export class BlePeripheral {
  hooks?: PeripheralHooks;
  services: Service[] = [];
  uart = true;
  advertising: { data: unknown; options: unknown; on: boolean } = { data: {}, options: {}, on: true };
  central: string | null = null;
  readonly notifications: Notification[] = [];
  private readonly subscribed = new Set<string>();

  constructor(private readonly emit: (e: BoardEvent) => void, readonly address: string) {
    this.setServices([], true);
  }

  setServices(services: Service[], uart: boolean): void {
    this.uart = uart;
    this.services = uart ? [...services, nusService()] : services;
  }

  find(service: unknown, characteristic: unknown): Characteristic | undefined {
    const s = normaliseUuid(service);
    const c = characteristicUuid(characteristic);
    return this.services.find((x) => x.uuid === s)?.chars.find((x) => x.uuid === c);
  }

  /** updateServices: store the value and notify a subscribed central. */
  update(service: string, ch: Characteristic, value: Buffer, notify: boolean): void {
    ch.value = value;
    if ((notify && (ch.notify || ch.indicate)) && this.central) this.notify(service, ch, value);
  }

  /** Console output while the console is on Bluetooth: Nordic UART TX notifications. */
  uartOutput(data: Buffer): void {
    const ch = this.find(NUS_SERVICE, NUS_TX);
    if (!ch || !this.central) return;
    for (let at = 0; at < data.length; at += NUS_CHUNK) this.notify(NUS_SERVICE, ch, data.subarray(at, at + NUS_CHUNK));
  }

  // ---------------------------------------------------------------- the simulated central

  connect(address = 'aa:bb:cc:dd:ee:ff'): void {
    if (this.central) throw new Error('a central is already connected');
    if (!this.advertising.on) throw new Error('the board is not advertising');
    this.central = address;
    this.subscribed.clear();
    this.emit({ type: 'ble-connect', address });
    this.hooks?.connection(true, address);
  }

  disconnect(reason = 0x13): void {
    if (!this.central) return;
    const address = this.central;
    this.central = null;
    this.subscribed.clear();
    this.emit({ type: 'ble-disconnect', address, reason });
    this.hooks?.connection(false, address, reason);
  }

  /** Enable notifications on a characteristic (writing its CCCD). */
  subscribe(service: string, characteristic: string): void {
    const ch = this.need(service, characteristic);
    if (!ch.notify && !ch.indicate) throw new Error(`characteristic ${ch.uuid} does not notify`);
    this.subscribed.add(`${normaliseUuid(service)}/${ch.uuid}`);
  }

  read(service: string, characteristic: string): Buffer {
    const ch = this.need(service, characteristic);
    if (!ch.readable && !ch.notify) throw new Error(`characteristic ${ch.uuid} is not readable`);
    return Buffer.from(ch.value);
  }

  write(service: string, characteristic: string, data: Buffer | string): void {
    const ch = this.need(service, characteristic);
    if (!ch.writable) throw new Error(`characteristic ${ch.uuid} is not writable`);
    const bytes = typeof data === 'string' ? Buffer.from(data, 'latin1') : Buffer.from(data);
    this.emit({ type: 'ble-write', service: normaliseUuid(service), characteristic: ch.uuid, data: bytes.toString('hex') });
    if (normaliseUuid(service) === NUS_SERVICE && ch.uuid === NUS_RX) {
      this.hooks?.uartInput(bytes);
      return;
    }
    ch.value = bytes;
    this.hooks?.written(ch, bytes);
  }

  private need(service: string, characteristic: string): Characteristic {
    if (!this.central) throw new Error('no central is connected');
    const ch = this.find(service, characteristic);
    if (!ch) throw new Error(`no characteristic ${characteristic} in service ${service}`);
    return ch;
  }

  private notify(service: string, ch: Characteristic, value: Buffer): void {
    const key = `${normaliseUuid(service)}/${ch.uuid}`;
    const delivered = this.subscribed.has(key);
    if (delivered) this.notifications.push({ service: normaliseUuid(service), characteristic: ch.uuid, data: Buffer.from(value) });
    this.emit({ type: 'ble-notify', service: normaliseUuid(service), characteristic: ch.uuid, data: value.toString('hex'), delivered });
  }
}

function nusService(): Service {
  return {
    uuid: NUS_SERVICE,
    nus: true,
    chars: [
      { uuid: NUS_RX, value: Buffer.alloc(0), readable: false, writable: true, notify: false, indicate: false },
      { uuid: NUS_TX, value: Buffer.alloc(0), readable: true, writable: false, notify: true, indicate: false },
    ],
  };
}
