// Every Espruino object is an event emitter: on/emit/removeListener/removeAllListeners live on
// Object.prototype (src/jswrap_object.c). Listeners are kept here, outside the objects, so they never show
// in Object.keys or in printed values.

export type Listener = Function;
/** Runs a listener for a device event, reporting (not throwing) what it throws. */
export type Invoke = (fn: Function, thisArg: unknown, args: unknown[]) => void;

export interface EventHost {
  invoke: Invoke;
  /** Throw an Error of the sandbox's realm. */
  fail(message: string): never;
  /** A string listener is code to evaluate when the event fires. */
  evaluate(code: string): void;
}

export class ObjectEvents {
  private readonly table = new WeakMap<object, Map<string, Listener[]>>();

  constructor(private readonly host: EventHost) {}

  /** Define the methods on the sandbox's Object.prototype, hidden from for..in as on a board. */
  install(objectPrototype: object): void {
    const self = this;
    const methods: Record<string, Function> = {
      on(this: object, event: unknown, listener: unknown): void {
        self.add(this, event, listener, false);
      },
      addListener(this: object, event: unknown, listener: unknown): void {
        self.add(this, event, listener, false);
      },
      prependListener(this: object, event: unknown, listener: unknown): void {
        self.add(this, event, listener, true);
      },
      emit(this: object, event: unknown, ...args: unknown[]): void {
        if (typeof event !== 'string') return self.host.fail('emit(...) expects a string as its first argument');
        for (const fn of self.listeners(this, event)) {
          if (typeof fn === 'function') fn.apply(this, args);
          else self.host.evaluate(String(fn));
        }
      },
      removeListener(this: object, event: unknown, listener: unknown): void {
        const list = self.table.get(this)?.get(String(event));
        if (!list) return;
        const at = list.indexOf(listener as Listener);
        if (at >= 0) list.splice(at, 1);
      },
      removeAllListeners(this: object, event?: unknown): void {
        if (event === undefined) self.table.delete(this);
        else self.table.get(this)?.delete(String(event));
      },
    };
    for (const [name, fn] of Object.entries(methods)) {
      Object.defineProperty(objectPrototype, name, { value: fn, writable: true, configurable: true, enumerable: false });
    }
  }

  /** obj.on(event, listener) done from the host (a connect callback). */
  on(target: object, event: string, listener: Function): void {
    this.add(target, event, listener, false);
  }

  private add(target: object, event: unknown, listener: unknown, first: boolean): void {
    if (typeof event !== 'string') this.host.fail('First argument to EventEmitter.on(..) must be a string');
    if (typeof listener !== 'function' && typeof listener !== 'string') {
      this.host.fail('Second argument to EventEmitter.on(..) must be a function or a String (containing code)');
    }
    let events = this.table.get(target);
    if (!events) this.table.set(target, (events = new Map()));
    const list = events.get(event) ?? [];
    if (first) list.unshift(listener as Listener);
    else list.push(listener as Listener);
    events.set(event, list);
  }

  listeners(target: object, event: string): Listener[] {
    return [...(this.table.get(target)?.get(event) ?? [])];
  }

  has(target: object, event: string): boolean {
    return (this.table.get(target)?.get(event)?.length ?? 0) > 0;
  }

  /** Deliver a device event (WiFi, sockets, BLE...): each listener runs with errors reported. */
  dispatch(target: object, event: string, args: unknown[]): boolean {
    const list = this.listeners(target, event);
    for (const fn of list) {
      if (typeof fn === 'function') this.host.invoke(fn, target, args);
      else this.host.evaluate(String(fn));
    }
    return list.length > 0;
  }
}
