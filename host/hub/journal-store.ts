// The hub's aedes persistence: everything answered from memory (subscriptions, retained messages
// and Wills by aedes' own memory persistence, held messages by outbox.ts), and, when it has a
// LevelDB, each change to what must outlive the process (subscriptions of persistent sessions, held
// QoS 1 messages, retained messages, Wills) also written there, in one batch per turn of the event
// loop. On start the journal is read back into memory.
// A held QoS 1 message is written only once it has waited 1-2 s: most are acknowledged by an online
// device well before, and then neither the write nor its delete ever happen (at 19,800 devices each
// broadcast would otherwise cost 39,600 LevelDB writes).
//
// Why not aedes-persistence-level directly: it makes about seven LevelDB round trips per QoS 1
// delivery (enqueue, update, clear), one at a time, which made a 1,000-device broadcast 5x slower
// than in memory here (bench/hub-fanout.ts). The price of writing behind: a crash (not a stop) loses
// the changes of the last moment (one batch, and held messages younger than 2 s); `close()` and
// `flush()` write everything first. (mosquitto's default, for comparison, saves every 30 minutes.)
import { createRequire } from 'node:module';
import { serialize, deserialize } from 'node:v8';
import { Readable } from 'node:stream';
import type { Level } from 'level';
import { Outboxes, materialize, type ClientKey, type Held, type HeldPacket, type OutboxOptions } from './outbox.ts';

const require = createRequire(import.meta.url);
type MemoryFactory = () => MemoryPersistence;
const memoryPersistence = require('aedes-persistence') as MemoryFactory;

interface Client {
  id: string;
}
interface Sub {
  topic: string;
  qos: number;
  rh?: number;
  rap?: boolean;
  nl?: boolean;
}
type StoredPacket = HeldPacket;

/** The aedes-persistence 11 interface as aedes 1.2 calls it (promises, streams). */
interface MemoryPersistence {
  setup(broker: { id: string }): Promise<void>;
  storeRetained(packet: StoredPacket): Promise<void>;
  createRetainedStream(pattern: string): Readable;
  createRetainedStreamCombi(patterns: string[]): Readable;
  addSubscriptions(client: Client, subs: Sub[]): Promise<void>;
  removeSubscriptions(client: Client, topics: string[]): Promise<void>;
  subscriptionsByClient(client: Client): Promise<Sub[]>;
  countOffline(): Promise<{ subsCount: number; clientsCount: number }>;
  subscriptionsByTopic(pattern: string): Promise<unknown[]>;
  cleanSubscriptions(client: Client): Promise<void>;
  outgoingEnqueue(sub: { clientId: string }, packet: StoredPacket): Promise<void>;
  outgoingEnqueueCombi(subs: { clientId: string }[], packet: StoredPacket): Promise<void>;
  outgoingUpdate(client: Client, packet: StoredPacket): Promise<void>;
  outgoingClearMessageId(client: Client, packet: StoredPacket): Promise<StoredPacket | undefined>;
  outgoingStream(client: Client): Readable;
  incomingStorePacket(client: Client, packet: StoredPacket): Promise<void>;
  incomingGetPacket(client: Client, packet: StoredPacket): Promise<StoredPacket>;
  incomingDelPacket(client: Client, packet: StoredPacket): Promise<void>;
  cleanIncoming(client: Client): Promise<void>;
  putWill(client: Client, packet: StoredPacket): Promise<void>;
  getWill(client: Client): Promise<StoredPacket | undefined>;
  delWill(client: Client): Promise<StoredPacket | undefined>;
  streamWill(brokers?: Record<string, number>): Readable;
  getClientList(topic: string): Readable;
  destroy(): Promise<void>;
}

// Journal keys. Client ids go through encodeURIComponent, which escapes ':' (so a ':' always ends one).
const SUB = 's:';
const RETAINED = 'r:';
const OUT = 'o:';
const WILL = 'w:';
const enc = encodeURIComponent;
const subKey = (client: string, topic: string): string => `${SUB}${enc(client)}:${topic}`;
const outKey = (client: string, p: HeldPacket): string => `${OUT}${enc(client)}:${p.brokerId}:${String(p.brokerCounter).padStart(16, '0')}`;
const range = (prefix: string): { gte: string; lt: string } => ({ gte: prefix, lt: `${prefix.slice(0, -1)};` });

type Op = { type: 'put'; key: string; value: Buffer } | { type: 'del'; key: string };

function plain(packet: StoredPacket): StoredPacket {
  // what a packet is, without class or aedes-internal extras
  const out: Record<string, unknown> = { topic: packet.topic, payload: packet.payload };
  for (const k of ['cmd', 'brokerId', 'brokerCounter', 'qos', 'retain', 'dup', 'clientId']) {
    if (packet[k] !== undefined) out[k] = packet[k];
  }
  return out as StoredPacket;
}

export class JournaledPersistence implements MemoryPersistence {
  readonly #db: Level<string, Buffer> | undefined;
  readonly #mem: MemoryPersistence = memoryPersistence();
  readonly outboxes: Outboxes;
  #pending: Op[] = [];
  #ager: NodeJS.Timeout | undefined;
  #writing: Promise<void> = Promise.resolve();
  #scheduled = false;
  #failed: Error | undefined;

  /** With a LevelDB, a journal; without, memory only (nothing survives a restart). */
  constructor(db: Level<string, Buffer> | undefined, options: OutboxOptions) {
    this.#db = db;
    this.outboxes = new Outboxes(options);
    if (db) {
      this.#ager = setInterval(() => this.tick(), 1000);
      this.#ager.unref();
    }
  }

  /**
   * One tick of the journal's clock (each second): held messages that have waited a full tick, and
   * so were not acknowledged in 1-2 s, are written.
   */
  tick(): void {
    this.#writeHeld(this.outboxes.tick++);
  }

  /** Queue journal writes for held messages stamped before `tick` (all of them without one). */
  #writeHeld(tick = Infinity): void {
    const encoded = new WeakMap<HeldPacket, Buffer>(); // a broadcast's copies share one encoding
    for (const box of this.outboxes.unwritten) {
      for (const h of box.items) {
        if (h.key !== undefined || h.since >= tick) continue;
        let value = encoded.get(h.packet);
        if (!value) {
          value = serialize(plain(h.packet));
          encoded.set(h.packet, value);
        }
        h.key = outKey(box.clientId, h.packet);
        this.#pending.push({ type: 'put', key: h.key, value });
        box.unwritten--;
      }
      this.outboxes.written(box);
    }
    if (this.#pending.length > 0) this.#schedule();
  }

  #put(key: string, value: unknown): void {
    if (!this.#db) return;
    this.#pending.push({ type: 'put', key, value: serialize(value) });
    this.#schedule();
  }

  #del(key: string): void {
    if (!this.#db) return;
    this.#pending.push({ type: 'del', key });
    this.#schedule();
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      void this.#write();
    });
  }

  /** Resolves once the writes queued so far are done (held messages too young stay unwritten). */
  settle(): Promise<void> {
    return this.#write();
  }

  /** Write every change made so far. */
  flush(): Promise<void> {
    if (this.#db) this.#writeHeld();
    return this.#write();
  }

  #write(): Promise<void> {
    const ops = this.#pending;
    this.#pending = [];
    const db = this.#db;
    if (db && ops.length > 0) {
      this.#writing = this.#writing.then(() =>
        db.batch(ops, { valueEncoding: 'buffer' }).catch((err: Error) => {
          this.#failed ??= err;
        }),
      );
    }
    return this.#writing;
  }

  /** The first journal write that failed, if any (the hub reports it). */
  get failure(): Error | undefined {
    return this.#failed;
  }

  async setup(broker: { id: string }): Promise<void> {
    await this.#mem.setup(broker);
    const db = this.#db;
    if (!db) return;
    // Read the journal back. Subscriptions first, so restored queues have their sessions.
    const subs = new Map<string, Sub[]>();
    for await (const [key, value] of db.iterator({ ...range(SUB), valueEncoding: 'buffer' })) {
      const rest = key.slice(SUB.length);
      const i = rest.indexOf(':');
      const client = decodeURIComponent(rest.slice(0, i));
      const list = subs.get(client) ?? [];
      list.push({ ...(deserialize(value) as Omit<Sub, 'topic'>), topic: rest.slice(i + 1) });
      subs.set(client, list);
    }
    for (const [client, list] of subs) await this.#mem.addSubscriptions({ id: client }, list);
    for await (const value of db.values({ ...range(RETAINED), valueEncoding: 'buffer' })) {
      await this.#mem.storeRetained(deserialize(value) as StoredPacket);
    }
    // keys sort by client, then broker id (which grows with each start), then counter: queue order
    for await (const [key, value] of db.iterator({ ...range(OUT), valueEncoding: 'buffer' })) {
      const client = decodeURIComponent(key.slice(OUT.length).split(':')[0]!);
      this.outboxes.restore(client, deserialize(value) as StoredPacket, key);
    }
    for await (const value of db.values({ ...range(WILL), valueEncoding: 'buffer' })) {
      const will = deserialize(value) as StoredPacket & { clientId: string };
      const brokerId = will.brokerId;
      await this.#mem.putWill({ id: will.clientId }, will);
      // keep the Will's own broker: aedes publishes the Wills of brokers that stopped beating
      will.brokerId = brokerId;
    }
  }

  async storeRetained(packet: StoredPacket): Promise<void> {
    await this.#mem.storeRetained(packet);
    if (packet.payload.length === 0) this.#del(`${RETAINED}${packet.topic}`);
    else this.#put(`${RETAINED}${packet.topic}`, plain(packet));
  }

  createRetainedStream(pattern: string): Readable {
    return this.#mem.createRetainedStream(pattern);
  }

  createRetainedStreamCombi(patterns: string[]): Readable {
    return this.#mem.createRetainedStreamCombi(patterns);
  }

  async addSubscriptions(client: Client, subs: Sub[]): Promise<void> {
    await this.#mem.addSubscriptions(client, subs);
    for (const s of subs) this.#put(subKey(client.id, s.topic), { qos: s.qos, rh: s.rh, rap: s.rap, nl: s.nl });
  }

  async removeSubscriptions(client: Client, topics: string[]): Promise<void> {
    await this.#mem.removeSubscriptions(client, topics);
    for (const t of topics) this.#del(subKey(client.id, t));
  }

  subscriptionsByClient(client: Client): Promise<Sub[]> {
    return this.#mem.subscriptionsByClient(client);
  }

  countOffline(): Promise<{ subsCount: number; clientsCount: number }> {
    return this.#mem.countOffline();
  }

  subscriptionsByTopic(pattern: string): Promise<unknown[]> {
    return this.#mem.subscriptionsByTopic(pattern);
  }

  async cleanSubscriptions(client: Client): Promise<void> {
    const subs = await this.#mem.subscriptionsByClient(client);
    await this.#mem.cleanSubscriptions(client);
    for (const s of subs) this.#del(subKey(client.id, s.topic));
    this.outboxes.forget(client.id);
  }

  // The outgoing calls do their work before returning, so a caller that does not wait for the
  // promise (fast-delivery.ts) still sees it done.
  async outgoingEnqueue(sub: { clientId: string }, packet: StoredPacket): Promise<void> {
    this.outboxes.enqueue(sub.clientId, packet);
  }

  async outgoingEnqueueCombi(subs: { clientId: string }[], packet: StoredPacket): Promise<void> {
    // one packet shared by every subscriber (aedes then only adds the publisher's clientId to it)
    for (const s of subs) this.outboxes.enqueue(s.clientId, packet);
  }

  /** outgoingUpdate without the promise, for fast-delivery.ts: whether the message was held. */
  recordSent(client: ClientKey, packet: StoredPacket): boolean {
    return this.outboxes.update(client, packet);
  }

  async outgoingUpdate(client: Client, packet: StoredPacket): Promise<void> {
    // Only the packet id changes, which means nothing after a restart: nothing to journal.
    if (!this.outboxes.update(client, packet)) throw new Error('no such packet');
  }

  async outgoingClearMessageId(client: Client, packet: StoredPacket): Promise<StoredPacket | undefined> {
    if (packet.messageId !== undefined) return this.acknowledge(client, packet.messageId);
    return this.#released(this.outboxes.discard(client, packet));
  }

  /** outgoingClearMessageId for a PUBACK, without the promise (fast-delivery.ts); the packet only if `wanted`. */
  acknowledge(client: ClientKey, messageId: number, wanted = true): StoredPacket | undefined {
    return this.#released(this.outboxes.acknowledge(client, messageId), wanted);
  }

  /** Deletes a released message from the journal; returns it as aedes expects, if `wanted`. */
  #released(held: Held | undefined, wanted = true): StoredPacket | undefined {
    if (!held) return undefined;
    if (held.key !== undefined) this.#del(held.key);
    return wanted ? materialize(held) : undefined;
  }

  outgoingStream(client: Client): Readable {
    return Readable.from(this.outboxes.list(client.id));
  }

  // Inbound QoS 2 state lives in memory only: a restart drops the half-finished handshakes, and the
  // senders retry them (MQTT 3.1.1 section 4.3.3).
  incomingStorePacket(client: Client, packet: StoredPacket): Promise<void> {
    return this.#mem.incomingStorePacket(client, packet);
  }

  incomingGetPacket(client: Client, packet: StoredPacket): Promise<StoredPacket> {
    return this.#mem.incomingGetPacket(client, packet);
  }

  incomingDelPacket(client: Client, packet: StoredPacket): Promise<void> {
    return this.#mem.incomingDelPacket(client, packet);
  }

  cleanIncoming(client: Client): Promise<void> {
    return this.#mem.cleanIncoming(client);
  }

  async putWill(client: Client, packet: StoredPacket): Promise<void> {
    await this.#mem.putWill(client, packet);
    this.#put(`${WILL}${enc(client.id)}`, plain({ ...packet, clientId: client.id }));
  }

  getWill(client: Client): Promise<StoredPacket | undefined> {
    return this.#mem.getWill(client);
  }

  async delWill(client: Client): Promise<StoredPacket | undefined> {
    const will = await this.#mem.delWill(client);
    if (will) this.#del(`${WILL}${enc(client.id)}`);
    return will;
  }

  streamWill(brokers?: Record<string, number>): Readable {
    return this.#mem.streamWill(brokers);
  }

  getClientList(topic: string): Readable {
    return this.#mem.getClientList(topic);
  }

  async destroy(): Promise<void> {
    clearInterval(this.#ager);
    await this.flush();
    await this.#mem.destroy();
    await this.#db?.close();
  }
}
