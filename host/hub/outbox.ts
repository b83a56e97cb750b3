// The messages the hub holds for each client: QoS 1/2 messages in flight to a connected client, or
// queued for one that is away. This is the "outgoing" half of aedes' persistence interface
// (aedes-persistence 11: outgoingEnqueue, outgoingUpdate, outgoingClearMessageId, outgoingStream),
// kept here rather than in aedes' memory persistence because it is on the hot path of every
// delivery: a broadcast to 19,800 devices enqueues, updates and clears 19,800 entries. aedes'
// version copies the packet for every subscriber and keys everything by strings; here the
// subscribers share one packet and each entry holds only its packet id.
//
// The per-client cap lives here too (like mosquitto's max_queued_messages): a message past the cap
// is dropped for a client that is away (the newest, not the oldest: the queue is delivered in
// order and old pushes expire by ttl anyway). A connected client's in-flight messages are not
// capped.
//
// Durability is the journal's business (journal-store.ts); this keeps, for each entry, whether the
// journal has it and since which tick of the journal's clock it has been held, so the journal
// writes only the messages that wait.

export interface HeldPacket {
  cmd?: string;
  topic: string;
  payload: Buffer;
  qos?: number;
  retain?: boolean;
  dup?: boolean;
  brokerId?: string;
  brokerCounter?: number;
  messageId?: number;
  [key: string]: unknown;
}

export interface Held {
  /** The message, shared by every client it was fanned out to (or a PUBREL that replaced it). */
  packet: HeldPacket;
  /** The packet id this client knows it by, once sent. */
  messageId: number | undefined;
  /** The journal's key for it, once written. */
  key: string | undefined;
  /** The journal clock's tick when it was enqueued. */
  since: number;
}

/** Where an Outbox is remembered on the client object aedes passes around (no lookup per packet). */
const OUTBOX = Symbol('espkit.outbox');

/** A client: its id, or aedes' client object (whose id never changes once connected). */
export type ClientKey = string | { readonly id: string; [OUTBOX]?: Outbox };

export class Outbox {
  readonly clientId: string;
  /** Set once its session ended: a client object that remembers it must look again. */
  forgotten = false;
  readonly items: Held[] = [];
  /** Entries that the journal has not written yet. */
  unwritten = 0;
  /** Whether it is in Outboxes.unwritten (cheaper to check than the set). */
  listed = false;
  constructor(clientId: string) {
    this.clientId = clientId;
  }
}

export interface OutboxOptions {
  /** Most messages held for one client that is away. */
  queueLimit: number;
  /** Whether a client is connected right now (its messages are in flight, not queued). */
  isOnline: (clientId: string) => boolean;
  /** Told when a client's queue overflows, once per overflow run. */
  onDrop?: (clientId: string, held: number) => void;
}

/** What the hub reports about its queues (the dashboard and tests read it). */
export interface QueueStats {
  /** Messages held for a client (queued while away, or in flight); 0 when none. */
  held(clientId: string): number;
  /** Messages dropped for a client because its queue was full, since it last took one. */
  dropped(clientId: string): number;
}

export class Outboxes implements QueueStats {
  readonly #boxes = new Map<string, Outbox>();
  readonly #dropped = new Map<string, number>();
  readonly #options: OutboxOptions;
  /** Outboxes holding entries the journal has not written. */
  readonly unwritten = new Set<Outbox>();
  /** The journal's clock: the tick new entries are stamped with. */
  tick = 0;

  constructor(options: OutboxOptions) {
    this.#options = options;
  }

  held(clientId: string): number {
    return this.#boxes.get(clientId)?.items.length ?? 0;
  }

  dropped(clientId: string): number {
    return this.#dropped.get(clientId) ?? 0;
  }

  #find(client: ClientKey): Outbox | undefined {
    if (typeof client === 'string') return this.#boxes.get(client);
    const known = client[OUTBOX];
    if (known && !known.forgotten) return known;
    const box = this.#boxes.get(client.id);
    if (box) client[OUTBOX] = box;
    return box;
  }

  #box(clientId: string): Outbox {
    let box = this.#boxes.get(clientId);
    if (!box) {
      box = new Outbox(clientId);
      this.#boxes.set(clientId, box);
    }
    return box;
  }

  /** Hold `packet` for a client, unless its queue is full while it is away. */
  enqueue(clientId: string, packet: HeldPacket): void {
    const box = this.#box(clientId);
    const n = box.items.length;
    if (n >= this.#options.queueLimit && !this.#options.isOnline(clientId)) {
      const d = (this.#dropped.get(clientId) ?? 0) + 1;
      this.#dropped.set(clientId, d);
      if (d === 1) this.#options.onDrop?.(clientId, n);
      return;
    }
    box.items.push({ packet, messageId: undefined, key: undefined, since: this.tick });
    box.unwritten++;
    if (!box.listed) {
      box.listed = true;
      this.unwritten.add(box);
    }
  }

  /** Take a box off the unwritten list once the journal has everything in it. */
  written(box: Outbox): void {
    if (box.unwritten > 0) return;
    box.listed = false;
    this.unwritten.delete(box);
  }

  /** Forget a client whose session ended (it holds nothing any more). */
  forget(clientId: string): void {
    const box = this.#boxes.get(clientId);
    if (!box || box.items.length > 0) return;
    box.forgotten = true;
    this.#boxes.delete(clientId);
    this.written(box);
  }

  /** Put back an entry read from the journal (already written, so never written again). */
  restore(clientId: string, packet: HeldPacket, key: string): void {
    this.#box(clientId).items.push({ packet, messageId: undefined, key, since: this.tick });
  }

  /**
   * Record the packet id a message was sent with (aedes-persistence's outgoingUpdate): found by its
   * broker id and counter; a packet without those (a PUBREL) replaces the entry with its packet id.
   */
  update(client: ClientKey, packet: HeldPacket): boolean {
    const items = this.#find(client)?.items;
    if (!items) return false;
    for (const h of items) {
      if (packet.brokerId !== undefined && h.packet.brokerId === packet.brokerId) {
        if (h.packet.brokerCounter === packet.brokerCounter) {
          h.messageId = packet.messageId;
          return true;
        }
      } else if (h.messageId === packet.messageId) {
        h.packet = packet;
        return true;
      }
    }
    return false;
  }

  /** Let go of the message a client acknowledged (by its packet id); returns its entry, if held. */
  acknowledge(client: ClientKey, messageId: number): Held | undefined {
    // a loop of its own rather than #take: this runs for every PUBACK
    const box = this.#find(client);
    if (!box) return undefined;
    const items = box.items;
    for (let i = 0; i < items.length; i++) if (items[i]!.messageId === messageId) return this.#remove(box, i);
    return undefined;
  }

  /** Let go of a message never sent to a client (by broker id and counter); returns its entry. */
  discard(client: ClientKey, packet: HeldPacket): Held | undefined {
    return this.#take(client, (h) => h.messageId === undefined && h.packet.brokerId === packet.brokerId && h.packet.brokerCounter === packet.brokerCounter);
  }

  #take(client: ClientKey, match: (h: Held) => boolean): Held | undefined {
    const box = this.#find(client);
    if (!box) return undefined;
    const i = box.items.findIndex(match);
    return i < 0 ? undefined : this.#remove(box, i);
  }

  #remove(box: Outbox, i: number): Held {
    const h = box.items[i]!;
    box.items.splice(i, 1);
    // an empty box stays (its client is likely to get more); the journal's next tick unlists it
    if (h.key === undefined) box.unwritten--;
    if (this.#dropped.size > 0) this.#dropped.delete(box.clientId);
    return h;
  }

  /** A client's held messages in order, as aedes resends them on reconnect. */
  list(clientId: string): HeldPacket[] {
    const items = this.#boxes.get(clientId)?.items ?? [];
    return items.map((h) => materialize(h));
  }
}

/** The packet as aedes expects it back: the shared message with this client's packet id. */
export function materialize(h: Held): HeldPacket {
  const p: HeldPacket = { ...h.packet };
  if (h.messageId !== undefined) p.messageId = h.messageId;
  else delete p.messageId;
  return p;
}
