// Where the hub keeps sessions: subscriptions, queued QoS 1 messages, retained messages and Wills.
// Durable by default (aedes' memory persistence journaled to LevelDB in the data folder, see
// journal-store.ts), so a device's session and its queued pushes survive a hub restart; in memory
// only on request (tests, benchmarks).
//
// aedes keeps every offline message with no cap (facts/mqtt.md), so each store here is wrapped with a
// per-client queue cap. Like mosquitto's max_queued_messages, a message past the cap is dropped for
// that client (the newest, not the oldest: the queue is delivered in order and old pushes expire by
// ttl anyway). Only clients that are away are capped; an online client's in-flight messages are not.
import { createRequire } from 'node:module';
import { mkdirSync } from 'node:fs';
import { Level } from 'level';
import { EspkitError } from '../errors.ts';
import { JournaledPersistence } from './journal-store.ts';

const require = createRequire(import.meta.url);

/** The part of aedes' persistence interface (aedes-persistence 11, async style) that the cap wraps. */
export interface QueueSub {
  clientId: string;
}
export interface StoredPacket {
  messageId?: number;
  topic: string;
}
export interface AedesPersistence {
  setup(broker: unknown): Promise<void>;
  outgoingEnqueue(sub: QueueSub, packet: StoredPacket): Promise<void>;
  outgoingEnqueueCombi(subs: QueueSub[], packet: StoredPacket): Promise<unknown>;
  outgoingClearMessageId(client: { id: string }, packet: StoredPacket): Promise<StoredPacket | undefined>;
  createRetainedStream(pattern: string): NodeJS.ReadableStream;
  destroy(): Promise<void>;
}

type PersistenceFactory = (arg?: unknown) => AedesPersistence;
const memoryPersistence = require('aedes-persistence') as PersistenceFactory;

export interface QueueStats {
  /** Messages held per client (queued while away, or in flight). */
  held: Map<string, number>;
  /** Messages dropped per client because its queue was full. */
  dropped: Map<string, number>;
}

export interface SessionStore {
  persistence: AedesPersistence;
  stats: QueueStats;
  /** Where the sessions live on disk; undefined in memory. */
  path?: string;
  /** The LevelDB under the durable store (the hub keeps its push history beside the sessions). */
  db?: Level<string, Buffer>;
  /** Write what the journal holds back (a no-op in memory). */
  flush(): Promise<void>;
}

export interface StoreOptions {
  /** A folder for the LevelDB files; absent means in memory (nothing survives a restart). */
  path?: string;
  /** Most messages held for one client that is away. */
  queueLimit: number;
  /** Whether a client is connected right now (its messages are in flight, not queued). */
  isOnline: (clientId: string) => boolean;
  /** Told when a client's queue overflows, once per overflow run. */
  onDrop?: (clientId: string, held: number) => void;
}

export async function openSessionStore(options: StoreOptions): Promise<SessionStore> {
  const stats: QueueStats = { held: new Map(), dropped: new Map() };
  let persistence: AedesPersistence;
  let db: Level<string, Buffer> | undefined;
  let flush = async (): Promise<void> => {};
  if (options.path) {
    mkdirSync(options.path, { recursive: true });
    db = new Level<string, Buffer>(options.path);
    try {
      await db.open();
    } catch (err) {
      const why = (err as { cause?: { message?: string } }).cause?.message ?? (err as Error).message;
      throw new EspkitError(`cannot open the session store ${options.path}: ${why.split('\n')[0]} (is another hub using this data folder?)`, { cause: err });
    }
    const journal = new JournaledPersistence(db);
    for (const [client, n] of await journal.heldCounts()) stats.held.set(client, n);
    persistence = journal;
    flush = () => journal.flush();
  } else {
    persistence = memoryPersistence();
  }
  capQueues(persistence, stats, options);
  return { persistence, stats, path: options.path, db, flush };
}

function capQueues(p: AedesPersistence, stats: QueueStats, options: StoreOptions): void {
  const enqueue = p.outgoingEnqueue.bind(p);
  const enqueueCombi = p.outgoingEnqueueCombi.bind(p);
  const clear = p.outgoingClearMessageId.bind(p);
  const { held, dropped } = stats;

  // Which subscribers may take one more message; counts it for those that may.
  const admit = (subs: QueueSub[]): QueueSub[] => {
    const out: QueueSub[] = [];
    for (const sub of subs) {
      const n = held.get(sub.clientId) ?? 0;
      if (n >= options.queueLimit && !options.isOnline(sub.clientId)) {
        const d = (dropped.get(sub.clientId) ?? 0) + 1;
        dropped.set(sub.clientId, d);
        if (d === 1) options.onDrop?.(sub.clientId, n);
        continue;
      }
      held.set(sub.clientId, n + 1);
      out.push(sub);
    }
    return out;
  };

  p.outgoingEnqueue = async (sub, packet) => {
    if (admit([sub]).length === 1) await enqueue(sub, packet);
  };
  p.outgoingEnqueueCombi = async (subs, packet) => {
    const admitted = admit(subs ?? []);
    if (admitted.length > 0) await enqueueCombi(admitted, packet);
  };
  p.outgoingClearMessageId = async (client, packet) => {
    const found = await clear(client, packet);
    if (found) {
      const n = (held.get(client.id) ?? 1) - 1;
      if (n <= 0) held.delete(client.id);
      else held.set(client.id, n);
      dropped.delete(client.id);
    }
    return found;
  };
}
