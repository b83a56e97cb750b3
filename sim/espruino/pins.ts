// GPIO of the virtual ESP32: Pin objects D0..D39, digitalWrite/digitalRead/pinMode, setWatch, and the
// DevKit's LED on GPIO2 (board profile pins.led). Every change is recorded as a BoardEvent; tests drive
// inputs with PinBank.setInput (e.g. the BOOT button on GPIO0).
//
// setWatch follows Espruino 2v29 (jswrap_interface_setWatch in src/jswrap_io.c, the EXTI and timer parts of
// jsiIdle in src/jsinteractive.c). A watch keeps the pin's settled `state`, read when it is set. Without
// debounce every edge updates it and runs the callback when the edge matches. With `debounce` ms, every edge
// (re)starts one timeout carrying the level just seen; when it expires the level becomes the watch's state,
// and only if that differs from the state before does the callback run (when the edge matches), with `time`
// that of the last edge. A bounce that ends at the old level therefore gives nothing. `lastTime` is the
// previous settled change (of either edge), absent on the first. The ESP32 build's BTN1 is D0 (boards/ESP32.py),
// and a watch on a button pin defaults to edge 'rising' with 25 ms debounce.
import type { BoardEvent } from '../seam/personality.ts';

export const PIN_COUNT = 40;
const MODES = ['analog', 'input', 'input_pullup', 'input_pulldown', 'output', 'opendrain', 'af_output', 'af_opendrain', 'opendrain_pullup'];

export type Edge = 'rising' | 'falling' | 'both';

/** What IS_PIN_A_BUTTON gives a watch that does not say otherwise (jswrap_interface_setWatch). */
const BUTTON_DEBOUNCE_MS = 25;

interface PendingLevel {
  handle: NodeJS.Timeout;
  level: number;
  /** Board seconds of the edge that (re)started the timeout: the event's `time` if it settles. */
  edgeTime: number;
}

interface Watch {
  id: number;
  pin: number;
  edge: Edge;
  repeat: boolean;
  /** 0: every edge counts at once. */
  debounceMs: number;
  callback: Function;
  /** The level the watch last settled at. */
  state: number;
  lastTime?: number;
  pending?: PendingLevel;
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
  fail(message: string, kind?: 'Error' | 'TypeError'): never;
  invoke(fn: Function, thisArg: unknown, args: unknown[]): void;
  /** Seconds on the board's clock (getTime()). */
  seconds(): number;
  /** A plain object of the sandbox's realm. */
  object(props: Record<string, unknown>): Record<string, unknown>;
  /** The board's button pin (Espruino's BTN1), whose watches are debounced unless told otherwise. */
  readonly buttonPin: number;
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
    const button = n === this.host.buttonPin;
    let edge: Edge = button ? 'rising' : 'both';
    let debounceMs = button ? BUTTON_DEBOUNCE_MS : 0;
    let repeat: boolean;
    if (typeof options === 'object' && options !== null) {
      const opts = options as { repeat?: unknown; edge?: unknown; debounce?: unknown };
      repeat = Boolean(opts.repeat);
      if (opts.debounce !== undefined) {
        const ms = Number(opts.debounce);
        debounceMs = Number.isNaN(ms) || ms < 0 ? 0 : ms;
      }
      if (opts.edge !== undefined) edge = parseEdge(opts.edge) ?? this.host.fail("'edge' in setWatch should be 1, -1, 0, 'rising', 'falling' or 'both'", 'TypeError');
    } else {
      repeat = Boolean(options);
    }
    let id = 1;
    for (const w of this.watches) id = Math.max(id, w.id + 1);
    this.watches.push({ id, pin: n, edge, repeat, debounceMs, callback, state: this.bank.read(n) });
    return id;
  }

  clearWatch(id: unknown): void {
    if (id === undefined) {
      for (const w of this.watches) this.cancel(w);
      this.watches = [];
      return;
    }
    const gone = this.watches.filter((w) => w.id === id);
    if (gone.length === 0) this.host.fail('Unknown Watch');
    for (const w of gone) this.remove(w);
  }

  stop(): void {
    for (const w of this.watches) this.cancel(w);
    this.watches = [];
    this.bank.onInputEdge = undefined;
  }

  private edge(pin: number, level: number): void {
    const time = this.host.seconds();
    for (const w of [...this.watches]) {
      if (w.pin !== pin) continue;
      if (w.debounceMs > 0) {
        this.bounce(w, level, time);
        continue;
      }
      w.state = level;
      this.fire(w, level, time);
    }
  }

  /** An edge on a debounced watch: restart its timeout with this level, or start one if the level differs. */
  private bounce(w: Watch, level: number, time: number): void {
    // Edges are judged when they reach the model, so levels driven in one synchronous burst are one
    // bounce however long the process is held up between them.
    if (!w.pending && level === w.state) return;
    if (w.pending) clearTimeout(w.pending.handle);
    const handle = setTimeout(() => this.settle(w), w.debounceMs);
    w.pending = { handle, level, edgeTime: time };
  }

  private settle(w: Watch): void {
    const pending = w.pending;
    if (!pending) return;
    clearTimeout(pending.handle);
    w.pending = undefined;
    if (pending.level === w.state) return;
    w.state = pending.level;
    this.fire(w, pending.level, pending.edgeTime);
  }

  /** A change the watch counts: its callback runs if the edge matches; lastTime moves on either way. */
  private fire(w: Watch, level: number, time: number): void {
    const previous = w.lastTime;
    w.lastTime = time;
    if ((w.edge === 'rising' && !level) || (w.edge === 'falling' && level)) return;
    if (!w.repeat) this.remove(w);
    const event = this.host.object({ state: level === 1, lastTime: previous, time, pin: this.pins[w.pin] });
    this.host.invoke(w.callback, undefined, [event]);
  }

  private remove(w: Watch): void {
    this.cancel(w);
    this.watches = this.watches.filter((x) => x !== w);
  }

  private cancel(w: Watch): void {
    if (w.pending) clearTimeout(w.pending.handle);
    w.pending = undefined;
  }
}

function parseEdge(v: unknown): Edge | undefined {
  if (typeof v === 'number' || typeof v === 'boolean') {
    const i = Math.trunc(Number(v));
    return i > 0 ? 'rising' : i < 0 ? 'falling' : 'both';
  }
  if (v === 'rising' || v === 'falling' || v === 'both') return v;
  return undefined;
}
