// GPIO of the virtual ESP32: Pin objects D0..D39, digitalWrite/digitalRead/pinMode, setWatch, and the
// DevKit's LED on GPIO2 (board profile pins.led). Every change is recorded as a BoardEvent; tests drive
// inputs with PinBank.setInput (e.g. the BOOT button on GPIO0).
import type { BoardEvent } from '../seam/personality.ts';

export const PIN_COUNT = 40;
const MODES = ['analog', 'input', 'input_pullup', 'input_pulldown', 'output', 'opendrain', 'af_output', 'af_opendrain', 'opendrain_pullup'];

export type Edge = 'rising' | 'falling' | 'both';

interface Watch {
  id: number;
  pin: number;
  edge: Edge;
  repeat: boolean;
  callback: Function;
  lastTime?: number;
}

/** The pins' electrical state; it outlives reset()/load() of the interpreter until the chip resets. */
export class PinBank {
  private readonly out = new Array<number>(PIN_COUNT).fill(0);
  private readonly ext = new Array<number>(PIN_COUNT).fill(0);
  private readonly modes = new Array<string>(PIN_COUNT).fill('input');
  /** Called on every level change seen on a pin configured as an input. */
  onInputEdge?: (pin: number, level: number) => void;

  constructor(private readonly emit: (e: BoardEvent) => void, private readonly ledPin: number) {}

  write(pin: number, level: number): void {
    if (this.modes[pin] !== 'output' && this.modes[pin] !== 'opendrain') this.modes[pin] = 'output';
    const changed = this.out[pin] !== level;
    this.out[pin] = level;
    this.emit({ type: 'pin', pin, value: level });
    if (pin === this.ledPin && changed) this.emit({ type: 'led', pin, on: level === 1 });
  }

  read(pin: number): number {
    return this.modes[pin] === 'output' ? this.out[pin]! : this.ext[pin]!;
  }

  mode(pin: number): string {
    return this.modes[pin]!;
  }

  setMode(pin: number, mode: string): void {
    this.modes[pin] = mode;
    this.emit({ type: 'pin-mode', pin, mode });
    if (pin === this.ledPin && mode !== 'output' && this.out[pin] === 1) {
      this.out[pin] = 0;
      this.emit({ type: 'led', pin, on: false });
    }
  }

  /** Drive a pin from outside (a button, a sensor): watches on it fire. */
  setInput(pin: number, level: number): void {
    const before = this.ext[pin];
    this.ext[pin] = level ? 1 : 0;
    if (before !== this.ext[pin]) this.onInputEdge?.(pin, this.ext[pin]!);
  }

  /** jshReset: every pin back to an input, outputs released. */
  reset(): void {
    for (let pin = 0; pin < PIN_COUNT; pin++) {
      if (this.modes[pin] !== 'input') this.setMode(pin, 'input');
      this.out[pin] = 0;
    }
  }
}

export interface PinHost {
  fail(message: string): never;
  invoke(fn: Function, thisArg: unknown, args: unknown[]): void;
  /** Seconds on the board's clock (getTime()). */
  seconds(): number;
  /** A plain object of the sandbox's realm. */
  object(props: Record<string, unknown>): Record<string, unknown>;
}

/** The JavaScript side of the pins for one interpreter session. */
export class PinApi {
  readonly prototype: Record<string, unknown>;
  private readonly pins: object[] = [];
  private readonly index = new WeakMap<object, number>();
  private watches: Watch[] = [];

  constructor(private readonly bank: PinBank, private readonly host: PinHost, objectCtor: ObjectConstructor) {
    const api = this;
    this.prototype = new objectCtor() as Record<string, unknown>;
    const methods: Record<string, Function> = {
      read(this: object): boolean { return api.bank.read(api.pinOf(this)) === 1; },
      write(this: object, v: unknown): void { api.bank.write(api.pinOf(this), v ? 1 : 0); },
      set(this: object): void { api.bank.write(api.pinOf(this), 1); },
      reset(this: object): void { api.bank.write(api.pinOf(this), 0); },
      toggle(this: object): boolean {
        const pin = api.pinOf(this);
        const next = api.bank.read(pin) ? 0 : 1;
        api.bank.write(pin, next);
        return next === 1;
      },
      mode(this: object, mode: unknown): void { api.pinMode(this, mode); },
      getMode(this: object): string { return api.bank.mode(api.pinOf(this)); },
      getInfo(this: object): Record<string, unknown> { return api.host.object({ num: api.pinOf(this), port: 'D' }); },
      toString(this: object): string { return `D${api.pinOf(this)}`; },
      valueOf(this: object): number { return api.pinOf(this); },
    };
    for (const [name, fn] of Object.entries(methods)) Object.defineProperty(this.prototype, name, { value: fn, writable: true, configurable: true, enumerable: false });
    for (let n = 0; n < PIN_COUNT; n++) {
      const p = Object.create(this.prototype) as object;
      this.index.set(p, n);
      this.pins.push(p);
    }
    bank.onInputEdge = (pin, level) => this.edge(pin, level);
  }

  /** The Pin object for GPIO n. */
  pin(n: number): object {
    return this.pins[n]!;
  }

  /** "D2" if `v` is one of our Pin objects. */
  nameOf(v: unknown): string | undefined {
    const n = typeof v === 'object' && v !== null ? this.index.get(v) : undefined;
    return n === undefined ? undefined : `D${n}`;
  }

  /** jshGetPinFromVar: a Pin, a number or a "D2" string. */
  pinOf(v: unknown): number {
    let n: number | undefined;
    if (typeof v === 'object' && v !== null) n = this.index.get(v);
    else if (typeof v === 'number') n = v;
    else if (typeof v === 'string' && /^D\d+$/.test(v)) n = Number(v.slice(1));
    if (n === undefined || !Number.isInteger(n) || n < 0 || n >= PIN_COUNT) this.host.fail('Invalid pin!');
    return n;
  }

  digitalWrite(pin: unknown, value: unknown): void {
    if (Array.isArray(pin)) {
      // an array of pins takes the value's bits, most significant first
      let bits = Number(value) | 0;
      for (let i = pin.length - 1; i >= 0; i--) {
        this.bank.write(this.pinOf(pin[i]), bits & 1);
        bits >>= 1;
      }
      return;
    }
    this.bank.write(this.pinOf(pin), value ? 1 : 0);
  }

  digitalRead(pin: unknown): number {
    if (Array.isArray(pin)) return pin.reduce<number>((acc, p) => (acc << 1) | this.bank.read(this.pinOf(p)), 0);
    return this.bank.read(this.pinOf(pin));
  }

  pinMode(pin: unknown, mode: unknown): void {
    const n = this.pinOf(pin);
    if (mode === undefined || mode === 'auto') return;
    if (typeof mode !== 'string' || !MODES.includes(mode)) this.host.fail(`Unknown pin mode`);
    this.bank.setMode(n, mode);
  }

  getPinMode(pin: unknown): string {
    return this.bank.mode(this.pinOf(pin));
  }

  setWatch(callback: unknown, pin: unknown, options: unknown): number {
    if (typeof callback !== 'function') this.host.fail('Function or String not supplied!');
    const n = this.pinOf(pin);
    const opts = (typeof options === 'object' && options !== null ? options : {}) as { repeat?: unknown; edge?: unknown };
    let edge: Edge = 'both';
    if (opts.edge === 'rising' || opts.edge === 1) edge = 'rising';
    else if (opts.edge === 'falling' || opts.edge === -1) edge = 'falling';
    let id = 1;
    for (const w of this.watches) id = Math.max(id, w.id + 1);
    this.watches.push({ id, pin: n, edge, repeat: Boolean(opts.repeat), callback });
    return id;
  }

  clearWatch(id: unknown): void {
    if (id === undefined) {
      this.watches = [];
      return;
    }
    const before = this.watches.length;
    this.watches = this.watches.filter((w) => w.id !== id);
    if (this.watches.length === before) this.host.fail('Unknown Watch');
  }

  stop(): void {
    this.watches = [];
    this.bank.onInputEdge = undefined;
  }

  private edge(pin: number, level: number): void {
    const time = this.host.seconds();
    for (const w of [...this.watches]) {
      if (w.pin !== pin) continue;
      if ((w.edge === 'rising' && !level) || (w.edge === 'falling' && level)) continue;
      if (!w.repeat) this.watches = this.watches.filter((x) => x !== w);
      const event = this.host.object({ state: level === 1, time, lastTime: w.lastTime ?? time, pin: this.pins[pin] });
      w.lastTime = time;
      this.host.invoke(w.callback, undefined, [event]);
    }
  }
}
