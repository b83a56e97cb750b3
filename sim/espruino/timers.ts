// setTimeout/setInterval and friends with Espruino's semantics (src/jswrap_interactive.c):
// - ids are positions in one timer list shared by timeouts and intervals, the first being 1, and a new
//   timer takes the last id + 1 (so ids are reused once the list empties);
// - clearTimeout()/clearInterval() with no argument, or with undefined, stop ALL timers;
// - clearing an id that is not pending (already fired, or never existed) throws "Unknown Timeout"/"Unknown Interval";
// - a callback may be a function or a string of code.
// Not modelled: each timer is one of Node's, so due timers run by due time, promise callbacks run before and
// between them, and an interval's next run counts from when it ran. 2v29's jsiIdle runs every due timer first,
// in the order they were created, then the queued callbacks, and an interval's next run counts from when it was
// due; the two differ only when the interpreter is busy past a delay. Programs whose output depends on that
// are caught on the real interpreter (test/conformance/stall.ts), not here.

interface Timer {
  handle: NodeJS.Timeout;
  interval: boolean;
  ms: number;
  callback: Function | string;
  args: unknown[];
}

export interface TimerHost {
  /** Run a callback with errors reported on the console. */
  invoke(fn: Function, thisArg: unknown, args: unknown[]): void;
  evaluate(code: string): void;
  fail(message: string): never;
}

export class Timers {
  private readonly list = new Map<number, Timer>();

  constructor(private readonly host: TimerHost) {}

  set(callback: unknown, ms: unknown, args: unknown[], interval: boolean): number {
    if (typeof callback !== 'function' && typeof callback !== 'string') this.host.fail('Function or String not supplied!');
    const delay = Math.max(0, Number(ms) || 0);
    let id = 1;
    for (const key of this.list.keys()) id = Math.max(id, key + 1);
    const timer: Timer = { handle: this.schedule(id, delay), interval, ms: delay, callback: callback as Function | string, args };
    this.list.set(id, timer);
    return id;
  }

  clear(id: unknown, isTimeout: boolean): void {
    if (id === undefined) {
      this.stop();
      return;
    }
    const timer = typeof id === 'number' ? this.list.get(id) : undefined;
    if (!timer) this.host.fail(isTimeout ? 'Unknown Timeout' : 'Unknown Interval');
    clearTimeout(timer.handle);
    this.list.delete(id as number);
  }

  change(id: unknown, ms: unknown): void {
    const timer = typeof id === 'number' ? this.list.get(id) : undefined;
    if (!timer) this.host.fail('Unknown Interval');
    clearTimeout(timer.handle);
    timer.ms = Math.max(0, Number(ms) || 0);
    timer.handle = this.schedule(id as number, timer.ms);
  }

  /** How many timers are pending. */
  get size(): number {
    return this.list.size;
  }

  stop(): void {
    for (const t of this.list.values()) clearTimeout(t.handle);
    this.list.clear();
  }

  private schedule(id: number, ms: number): NodeJS.Timeout {
    const fire = (): void => {
      const timer = this.list.get(id);
      if (!timer) return;
      if (timer.interval) timer.handle = setTimeout(fire, timer.ms);
      else this.list.delete(id);
      if (typeof timer.callback === 'function') this.host.invoke(timer.callback, undefined, timer.args);
      else this.host.evaluate(timer.callback);
    };
    return setTimeout(fire, ms);
  }
}
