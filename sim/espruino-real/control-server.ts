// The board's end of the stand-ins' control socket (esp32-modules.ts): a TCP server on 127.0.0.1 that the
// interpreter connects to at each start, reset() and load(). Behind it are the same radio models the
// model interpreter uses, so WiFi and BLE behave alike on both: WifiRadio (sim/espruino/wifi.ts: the
// access point, 3 attempts, the same events and reasons, no reconnect after a drop), BlePeripheral
// (sim/espruino/ble.ts: GATT services and the central tests drive through `board.ble`) and PinBank
// (sim/espruino/pins.ts: pin levels and modes, the LED on GPIO2).
// Messages are JSON lines; text outside ASCII is sent as \\u escapes so both ends read the same bytes.
import net from 'node:net';
import type { BoardEvent } from '../seam/personality.ts';
import { WifiRadio } from '../espruino/wifi.ts';
import { BlePeripheral, characteristicUuid, normaliseUuid, type Characteristic, type Service } from '../espruino/ble.ts';
import { iterateBytes } from '../espruino/bytes.ts';
import { PIN_COUNT, type PinBank } from '../espruino/pins.ts';

type Message = Record<string, unknown>;
type Spec = Record<string, unknown>;

/** Object entries with UUID keys: an all-digit key came from a number (0xbcde), a 16-bit UUID. */
function entries(v: unknown): Array<[string, unknown]> {
  return typeof v === 'object' && v !== null ? Object.entries(v) : [];
}
function uuidOf(key: string): string | number {
  return /^\d+$/.test(key) ? Number(key) : key;
}

function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export interface ControlOptions {
  radio: WifiRadio;
  ble: BlePeripheral;
  pins: PinBank;
  emit(event: BoardEvent): void;
  /** The program asked for a chip reset (ESP32.reboot()). */
  reboot(): void;
  /** Bytes a central wrote to the Nordic UART: console input. */
  consoleInput(data: Buffer): void;
}

export class ControlServer {
  private server: net.Server | undefined;
  private current: net.Socket | undefined;
  /** Original keys of characteristics with onWrite, by "service/char" as a central sees them. */
  private writable = new Map<string, { s: string; c: string }>();
  private closed = false;

  private constructor(private readonly o: ControlOptions) {
    o.radio.listener = {
      event: (name, details) => this.send({ t: 'ev', n: name, d: details }),
      connectDone: (error) => this.send({ t: 'done', e: error }),
      linkDown: () => this.send({ t: 'down' }),
    };
    o.pins.onInputEdge = (pin, level) => this.send({ t: 'pi', p: pin, v: level });
    o.ble.hooks = {
      connection: (connected, address, reason) => this.send({ t: 'nrf', e: connected ? 'connect' : 'disconnect', a: address, r: reason ?? 0 }),
      uartInput: (data) => o.consoleInput(data),
      written: (ch, data) => {
        const keys = [...this.writable.entries()].find(([k]) => k.endsWith(`/${ch.uuid}`) && o.ble.find(k.split('/')[0], ch.uuid) === ch);
        if (keys) this.send({ t: 'w', s: keys[1].s, c: keys[1].c, d: data.toString('latin1') });
      },
    };
  }

  static async open(options: ControlOptions): Promise<ControlServer> {
    const control = new ControlServer(options);
    const server = net.createServer((socket) => control.accept(socket));
    await new Promise<void>((done, fail) => {
      server.once('error', fail);
      server.listen(0, '127.0.0.1', () => done());
    });
    control.server = server;
    return control;
  }

  get port(): number {
    return (this.server?.address() as net.AddressInfo).port;
  }

  close(): void {
    this.closed = true;
    this.o.radio.stop();
    this.current?.destroy();
    this.server?.close();
  }

  private state(): Message {
    const r = this.o.radio;
    return { ok: r.connected, ...r.ipInfo(), status: r.status, ssid: r.currentSsid, scan: r.scan() };
  }

  private send(m: Message): void {
    const socket = this.current;
    if (this.closed || !socket) return;
    // What one tick sends is one write, and a pin level carries no radio state: the interpreter reads its
    // socket 536 bytes per idle loop and runs its timers in between, so a burst of bounces split over two
    // reads could let a debounce timeout expire in the middle of it on a loaded host.
    if (!socket.writableCorked) {
      socket.cork();
      process.nextTick(() => socket.uncork());
    }
    socket.write(`${asciiJson(m.t === 'pi' ? m : { ...m, st: this.state() })}\n`);
  }

  private accept(socket: net.Socket): void {
    if (this.closed) {
      socket.destroy();
      return;
    }
    // one interpreter session at a time: reset() closed the old one's socket, .boot0 opens the new one
    this.current?.destroy();
    this.current = socket;
    socket.setNoDelay(true);
    let text = '';
    socket.on('data', (d: Buffer) => {
      text += d.toString('latin1');
      let nl: number;
      while ((nl = text.indexOf('\n')) >= 0) {
        const line = text.slice(0, nl);
        text = text.slice(nl + 1);
        try {
          this.handle(JSON.parse(line) as Message);
        } catch (err) {
          this.o.emit({ type: 'error', where: 'espruino-control', message: (err as Error).message });
        }
      }
    });
    socket.on('error', () => { /* the interpreter went away */ });
    socket.on('close', () => { if (this.current === socket) this.current = undefined; });
  }

  private handle(m: Message): void {
    const { radio, ble } = this.o;
    switch (m.t) {
      case 'hello': {
        // a new session: reset() keeps the radio as it was (the chip's WiFi stays up), a boot restores .wificfg
        const restore = m.restore as { ssid?: unknown; pw?: unknown } | null;
        if (restore && typeof restore.ssid === 'string' && radio.status !== 'connected' && radio.status !== 'connecting') {
          radio.connect(restore.ssid, typeof restore.pw === 'string' ? restore.pw : '');
        }
        // reset() and load() run jshReset, which makes every pin an input again (as the model does)
        this.o.pins.reset();
        // inputs keep the level the outside drives them to across reset(): the new session starts from it
        const high: number[] = [];
        for (let pin = 0; pin < PIN_COUNT; pin++) if (this.o.pins.read(pin) === 1) high.push(pin);
        this.send({ t: 'state', hi: high });
        return;
      }
      case 'pw': return this.o.pins.write(this.pin(m.p), m.v ? 1 : 0);
      case 'pm': return this.o.pins.setMode(this.pin(m.p), String(m.m));
      case 'wc': return radio.connect(String(m.ssid), String(m.pw ?? ''));
      case 'wd': return radio.disconnect();
      case 'wh': radio.hostname = String(m.name); return;
      case 'ss': return this.setServices(m.s, m.u !== false);
      case 'us': return this.updateServices(m.s);
      case 'adv': {
        ble.advertising = { data: {}, options: { name: m.n }, on: true };
        this.o.emit({ type: 'ble-advertising', name: m.n === undefined || m.n === null ? undefined : String(m.n) });
        return;
      }
      case 'nd': return ble.disconnect(0x16);
      case 'sleep': ble.advertising.on = false; return ble.disconnect(0x16);
      case 'wake': ble.advertising.on = true; return;
      case 'reboot': return this.o.reboot();
      case 'deepsleep': this.o.emit({ type: 'deep-sleep', us: m.us }); return;
      default: this.o.emit({ type: 'error', where: 'espruino-control', message: `unknown message ${String(m.t)}` });
    }
  }

  private pin(value: unknown): number {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0 || n >= PIN_COUNT) throw new Error(`no GPIO ${String(value)}`);
    return n;
  }

  private setServices(data: unknown, uart: boolean): void {
    const { ble } = this.o;
    if (ble.central) return; // the ESP32 build skips this while a central is connected
    this.writable.clear();
    const services: Service[] = entries(data).map(([sk, chars]) => {
      const service = normaliseUuid(uuidOf(sk));
      return {
        uuid: service,
        nus: false,
        chars: entries(chars).map(([ck, value]): Characteristic => {
          const spec = (value ?? {}) as Spec;
          const uuid = characteristicUuid(uuidOf(ck));
          if (spec.writable) this.writable.set(`${service}/${uuid}`, { s: sk, c: ck });
          return {
            uuid,
            value: iterateBytes(spec.value),
            readable: Boolean(spec.readable),
            writable: Boolean(spec.writable),
            notify: Boolean(spec.notify),
            indicate: Boolean(spec.indicate),
            description: typeof spec.description === 'string' ? spec.description : undefined,
          };
        }),
      };
    });
    ble.setServices(services, uart);
    this.o.emit({ type: 'ble-services', uart: ble.uart, services: ble.services.map((x) => ({ uuid: x.uuid, characteristics: x.chars.map((c) => c.uuid) })) });
  }

  private updateServices(data: unknown): void {
    const { ble } = this.o;
    for (const [sk, chars] of entries(data)) {
      const service = normaliseUuid(uuidOf(sk));
      for (const [ck, value] of entries(chars)) {
        const spec = (value ?? {}) as Spec;
        const ch = ble.find(service, characteristicUuid(uuidOf(ck)));
        if (!ch) continue;
        ble.update(service, ch, spec.value === undefined ? ch.value : iterateBytes(spec.value), Boolean(spec.notify || spec.indicate));
      }
    }
  }
}
