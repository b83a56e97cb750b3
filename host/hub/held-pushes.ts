// Pushes the hub holds for a device whose session has no push subscription yet (its first connection
// between CONNECT and SUBSCRIBE, or a kept session that never subscribed): the broker matched them to
// nobody, so nobody else keeps them. They are published again when the subscription arrives (hub.ts).
// With a LevelDB (the session store's, store.ts) each held push is written there before the publish that
// held it completes, since the API answers "pending" then, and read back at start, so a device that
// subscribes after a hub restart still gets them, in the order they were sent. (Over MQTT aedes sends the
// PUBACK before it fans a QoS 1 message out; `espkit push` says "queued" only after waiting for receipts.)
import type { Level } from 'level';

/** One held push; `key` orders it in the store (device, then sequence) and names it there. */
interface Entry {
  readonly payload: Buffer;
  readonly key: string;
  /** Whether a put of it has been queued (so a release must delete it). */
  stored: boolean;
}

export interface HeldPushesOptions {
  /** The hub's LevelDB; absent: held in memory only. */
  db?: Level<string, Buffer>;
  /** Most pushes held for one device (the hub's queueLimit). */
  limit: number;
  log: (line: string) => void;
}

type Op = { type: 'put'; key: string; value: Buffer } | { type: 'del'; key: string };

/** The part of a LevelDB sublevel this uses. */
interface HeldStore {
  iterator(): AsyncIterable<[string, Buffer]>;
  batch(ops: Op[]): Promise<void>;
}

const enc = encodeURIComponent; // escapes ':', so the first ':' of a key ends the device
const SEQ_DIGITS = 16;

export class HeldPushes {
  readonly #byDevice = new Map<string, Entry[]>();
  readonly #store: HeldStore | undefined;
  readonly #limit: number;
  readonly #log: (line: string) => void;
  /** Continues after the highest sequence in the store, so pushes held after a restart come after the old ones. */
  #seq = 0;
  /** Store writes, one after another, so a release's delete never overtakes the put it undoes. */
  #writing: Promise<void> = Promise.resolve();
  /** holdUnlessQueued calls still waiting to learn whether to write. */
  readonly #deciding = new Set<Promise<void>>();

  private constructor(options: HeldPushesOptions) {
    this.#store = options.db?.sublevel<string, Buffer>('espkit-held', { valueEncoding: 'buffer' });
    this.#limit = options.limit;
    this.#log = options.log;
  }

  /** The held pushes, with those the store kept from earlier runs. */
  static async open(options: HeldPushesOptions): Promise<HeldPushes> {
    const held = new HeldPushes(options);
    if (held.#store) {
      // keys sort by device, then sequence: each device's list comes back in the order it was held
      for await (const [key, payload] of held.#store.iterator()) {
        const at = key.indexOf(':');
        const device = decodeURIComponent(key.slice(0, at));
        held.#listOf(device).push({ payload, key, stored: true });
        held.#seq = Math.max(held.#seq, Number(key.slice(at + 1)) + 1);
      }
    }
    return held;
  }

  #listOf(device: string): Entry[] {
    let list = this.#byDevice.get(device);
    if (!list) this.#byDevice.set(device, (list = []));
    return list;
  }

  /** Adds a push to the device's list, unless the list is full (then says so in the log). */
  #add(device: string, payload: Buffer): Entry | undefined {
    const list = this.#listOf(device);
    if (list.length >= this.#limit) {
      this.#log(`${this.#limit} pushes already wait for ${device} to subscribe to its push topic: newer ones are dropped`);
      return undefined;
    }
    const entry: Entry = { payload, key: `${enc(device)}:${String(this.#seq++).padStart(SEQ_DIGITS, '0')}`, stored: false };
    list.push(entry);
    return entry;
  }

  #write(ops: Op[]): Promise<void> {
    const store = this.#store;
    if (!store || ops.length === 0) return this.#writing;
    this.#writing = this.#writing.then(() =>
      store.batch(ops).catch((err: Error) => {
        // still held in memory: delivered if the device subscribes before the hub stops
        this.#log(`held pushes could not be written to the session store: ${err.message}`);
      }),
    );
    return this.#writing;
  }

  #keep(entry: Entry): Promise<void> {
    entry.stored = true;
    return this.#write([{ type: 'put', key: entry.key, value: entry.payload }]);
  }

  /** Holds a push for `device`; resolves once it is in the store. */
  hold(device: string, payload: Buffer): Promise<void> {
    const entry = this.#add(device, payload);
    return entry ? this.#keep(entry) : Promise.resolve();
  }

  /**
   * Holds a push for a device that is away unless its kept session queued it after all (`queued`, read
   * from the session store, says true). It is held at once, so a release while `queued` is being read
   * includes it; it is written only if still held once `queued` says false. Resolves once that is settled.
   */
  holdUnlessQueued(device: string, payload: Buffer, queued: Promise<boolean>): Promise<void> {
    const entry = this.#add(device, payload);
    if (!entry) return Promise.resolve();
    const decided = queued.then(
      (yes) => {
        const list = this.#byDevice.get(device);
        const at = list?.indexOf(entry) ?? -1;
        if (at < 0) return undefined; // released meanwhile: published already
        if (!yes) return this.#keep(entry);
        list!.splice(at, 1);
        if (list!.length === 0) this.#byDevice.delete(device);
        return undefined;
      },
      () => this.#keep(entry),
    );
    const tracked = decided.finally(() => this.#deciding.delete(tracked));
    this.#deciding.add(tracked);
    return tracked;
  }

  /** Takes every push held for `device`, oldest first, and forgets them (in the store too). */
  release(device: string): Buffer[] {
    const list = this.#byDevice.get(device);
    if (!list) return [];
    this.#byDevice.delete(device);
    void this.#write(list.filter((e) => e.stored).map((e) => ({ type: 'del' as const, key: e.key })));
    return list.map((e) => e.payload);
  }

  /** How many pushes are held for `device`. */
  count(device: string): number {
    return this.#byDevice.get(device)?.length ?? 0;
  }

  /** Resolves once every hold and release so far is settled in the store. */
  async settle(): Promise<void> {
    await Promise.all(this.#deciding);
    await this.#writing;
  }
}
