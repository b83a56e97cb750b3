// A durable aedes persistence at the speed of the in-memory one: aedes' own memory persistence
// answers every call, and each change to what must outlive the process (subscriptions of persistent
// sessions, held QoS 1 messages, retained messages, Wills) is also written to LevelDB, in one batch
// per turn of the event loop. On start the journal is read back into memory.
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
import type { Readable } from 'node:stream';
import type { Level } from 'level';

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
interface StoredPacket {
  topic: string;
  payload: Buffer;
  brokerId?: string;
  brokerCounter?: number;
  messageId?: number;
  [key: string]: unknown;
}

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
const outKey = (client: string, p: StoredPacket): string => `${OUT}${enc(client)}:${p.brokerId}:${String(p.brokerCounter).padStart(16, '0')}`;
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
  readonly #db: Level<string, Buffer>;
  readonly #mem: MemoryPersistence = memoryPersistence();
  #pending: Op[] = [];
  // Held messages not written yet, by key: the young ones wait one more tick of #ager.
  #young = new Map<string, Buffer>();
  #old = new Map<string, Buffer>();
  #ager: NodeJS.Timeout;
  #writing: Promise<void> = Promise.resolve();
  #scheduled = false;
  #failed: Error | undefined;

  constructor(db: Level<string, Buffer>) {
    this.#db = db;
    this.#ager = setInterval(() => {
      for (const [key, value] of this.#old) this.#pending.push({ type: 'put', key, value });
      this.#old = this.#young;
      this.#young = new Map();
      if (this.#pending.length > 0) this.#schedule();
    }, 1000);
    this.#ager.unref();
  }

  #hold(key: string, value: Buffer): void {
    this.#young.set(key, value);
  }

  /** A held message is done with: forget it if it was never written, else delete it. */
  #release(key: string): void {
    if (this.#young.delete(key) || this.#old.delete(key)) return;
    this.#del(key);
  }

  #put(key: string, value: unknown): void {
    this.#pending.push({ type: 'put', key, value: serialize(value) });
    this.#schedule();
  }

  #del(key: string): void {
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

  /** Write every change made so far. */
  flush(): Promise<void> {
    for (const held of [this.#old, this.#young]) for (const [key, value] of held) this.#pending.push({ type: 'put', key, value });
    this.#old = new Map();
    this.#young = new Map();
    return this.#write();
  }

  #write(): Promise<void> {
    const ops = this.#pending;
    this.#pending = [];
    if (ops.length > 0) {
      this.#writing = this.#writing.then(() =>
        this.#db.batch(ops, { valueEncoding: 'buffer' }).catch((err: Error) => {
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
    // Read the journal back. Subscriptions first, so restored queues have their sessions.
    const subs = new Map<string, Sub[]>();
    for await (const [key, value] of this.#db.iterator({ ...range(SUB), valueEncoding: 'buffer' })) {
      const rest = key.slice(SUB.length);
      const i = rest.indexOf(':');
      const client = decodeURIComponent(rest.slice(0, i));
      const list = subs.get(client) ?? [];
      list.push({ ...(deserialize(value) as Omit<Sub, 'topic'>), topic: rest.slice(i + 1) });
      subs.set(client, list);
    }
    for (const [client, list] of subs) await this.#mem.addSubscriptions({ id: client }, list);
    for await (const value of this.#db.values({ ...range(RETAINED), valueEncoding: 'buffer' })) {
      await this.#mem.storeRetained(deserialize(value) as StoredPacket);
    }
    for await (const [key, value] of this.#db.iterator({ ...range(OUT), valueEncoding: 'buffer' })) {
      const client = decodeURIComponent(key.slice(OUT.length).split(':')[0]!);
      await this.#mem.outgoingEnqueue({ clientId: client }, deserialize(value) as StoredPacket);
    }
    for await (const value of this.#db.values({ ...range(WILL), valueEncoding: 'buffer' })) {
      const will = deserialize(value) as StoredPacket & { clientId: string };
      const brokerId = will.brokerId;
      await this.#mem.putWill({ id: will.clientId }, will);
      // keep the Will's own broker: aedes publishes the Wills of brokers that stopped beating
      will.brokerId = brokerId;
    }
  }

  /** Messages held per client in the journal (for the queue cap after a restart). */
  async heldCounts(): Promise<Map<string, number>> {
    const held = new Map<string, number>();
    for await (const key of this.#db.keys(range(OUT))) {
      const client = decodeURIComponent(key.slice(OUT.length).split(':')[0]!);
      held.set(client, (held.get(client) ?? 0) + 1);
    }
    return held;
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
  }

  async outgoingEnqueue(sub: { clientId: string }, packet: StoredPacket): Promise<void> {
    await this.#mem.outgoingEnqueue(sub, packet);
    this.#hold(outKey(sub.clientId, packet), serialize(plain(packet)));
  }

  async outgoingEnqueueCombi(subs: { clientId: string }[], packet: StoredPacket): Promise<void> {
    await this.#mem.outgoingEnqueueCombi(subs, packet);
    if (subs.length === 0) return;
    const value = serialize(plain(packet)); // one encoding for the whole fan-out
    for (const s of subs) this.#hold(outKey(s.clientId, packet), value);
  }

  outgoingUpdate(client: Client, packet: StoredPacket): Promise<void> {
    // Only the message id changes, which means nothing after a restart: nothing to journal.
    return this.#mem.outgoingUpdate(client, packet);
  }

  async outgoingClearMessageId(client: Client, packet: StoredPacket): Promise<StoredPacket | undefined> {
    const found = await this.#mem.outgoingClearMessageId(client, packet);
    if (found) this.#release(outKey(client.id, found));
    return found;
  }

  outgoingStream(client: Client): Readable {
    return this.#mem.outgoingStream(client);
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
    await this.#db.close();
  }
}
