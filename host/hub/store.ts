// Where the hub keeps sessions: subscriptions, held QoS 1 messages, retained messages and Wills.
// Durable by default (journaled to LevelDB in the data folder, see journal-store.ts), so a device's
// session and its queued pushes survive a hub restart; in memory only on request (tests, benchmarks).
// Either way each client's queue is capped (outbox.ts), since aedes itself keeps every offline
// message with no cap (facts/mqtt.md).
import { mkdirSync } from 'node:fs';
import { Level } from 'level';
import { EspkitError } from '../../core/errors.ts';
import { JournaledPersistence } from './journal-store.ts';
import type { OutboxOptions, QueueStats } from './outbox.ts';

export type { QueueStats } from './outbox.ts';

/** The part of aedes' persistence interface (aedes-persistence 11, async style) the hub calls itself. */
export interface AedesPersistence {
  setup(broker: { id: string }): Promise<void>;
  createRetainedStream(pattern: string): NodeJS.ReadableStream;
  /** A session's subscriptions, kept while its client is away too (none: an empty list or null). */
  subscriptionsByClient(client: { id: string }): Promise<{ topic: string; qos: number }[] | null>;
  destroy(): Promise<void>;
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

export interface StoreOptions extends OutboxOptions {
  /** A folder for the LevelDB files; absent means in memory (nothing survives a restart). */
  path?: string;
}

export async function openSessionStore(options: StoreOptions): Promise<SessionStore> {
  let db: Level<string, Buffer> | undefined;
  if (options.path) {
    mkdirSync(options.path, { recursive: true });
    db = new Level<string, Buffer>(options.path);
    try {
      await db.open();
    } catch (err) {
      const why = (err as { cause?: { message?: string } }).cause?.message ?? (err as Error).message;
      throw new EspkitError(`cannot open the session store ${options.path}: ${why.split('\n')[0]} (is another hub using this data folder?)`, { cause: err });
    }
  }
  const persistence = new JournaledPersistence(db, options);
  return { persistence, stats: persistence.outboxes, path: options.path, db, flush: () => persistence.flush() };
}
