// A leaner QoS 1 delivery for aedes, for the hub's hot path: one push fanned out to thousands of
// devices. aedes 1.2 spends about 40 µs of CPU on each delivery (a second packet copy, a
// setImmediate before and after, a promise, and mqtt-packet writing six small chunks that Node
// gathers into a writev), which at 19,800 devices made a broadcast cost three times mosquitto's CPU
// (bench/hub-fanout.ts prints "CPU a round"). This does the same steps with less:
//   - the PUBLISH bytes are built once per message and written as one buffer with each device's packet
//     id patched in (copied per device where the socket might still hold the previous one);
//   - the deliveries' callbacks to aedes' emitter are handed back in one batch per turn of the event
//     loop rather than one setImmediate each (aedes defers them so a long fan-out cannot grow the
//     stack; one deferred batch does the same);
//   - a read that holds nothing but whole PUBACKs (each device's answer, 4 bytes) lets go of the
//     acknowledged messages directly, where aedes would run mqtt-packet's general parser, its
//     packet handler and a promise for each.
// Everything else is aedes' own logic in aedes' order (lib/client.js deliverQoS and writeQoS): the
// duplicate check by broker counter, no-local, authorizeForward, the subscription's QoS, the
// in-flight record in the persistence before the bytes go out, drain with the drain timeout. What
// the fast path does not cover goes to aedes' own deliverQoS unchanged: QoS 0 (also by the
// subscription's QoS), retained deliveries, anything already carrying a packet id, persistent
// sessions on a store without recordSent, and MQTT 5 clients (properties, topic aliases), which
// aedes 1.2 refuses at CONNECT anyway.
import { Socket } from 'node:net';
import { TLSSocket } from 'node:tls';
import type { Client } from 'aedes';

/** The parts of an aedes 1.2 client this uses (lib/client.js); none are in aedes' typings. */
interface ClientInternals {
  id: string;
  clean: boolean;
  version: number | null;
  connected: boolean;
  connecting: boolean;
  errored: boolean;
  duplicates: Record<string, number>;
  subscriptions: Record<string, { qos: number } | undefined>;
  _nextId: number;
  connackSent: boolean;
  _parser: ParserInternals;
  _keepaliveInterval: number;
  _keepaliveTimer: NodeJS.Timeout | null;
  conn: { write(chunk: Buffer): boolean; readonly writableLength: number };
  broker: BrokerInternals;
  deliverQoS: Deliver;
  waitForDrain(callback: () => void): void;
  emit(event: 'error', err: Error): boolean;
}

/** mqtt-packet 9's parser as aedes holds it: parse() and its state between reads. */
interface ParserInternals {
  parse(buf: Buffer): number;
  error: Error | null;
  _stateCounter: number;
  _list: { length: number };
}

interface BrokerInternals {
  listenerCount(event: string): number;
  emit(event: 'ack', packet: OutPacket | undefined, client: ClientInternals): boolean;
  persistence: {
    /** outgoingClearMessageId without a promise, where the persistence has it (journal-store.ts). */
    acknowledge?(client: { readonly id: string }, messageId: number, wanted?: boolean): OutPacket | undefined;
    /** outgoingUpdate without a promise, where the persistence has it (journal-store.ts). */
    recordSent?(client: { readonly id: string }, packet: OutPacket): boolean;
    outgoingClearMessageId(client: ClientInternals, packet: OutPacket): Promise<unknown>;
  };
  authorizeForward(client: ClientInternals, packet: OutPacket): OutPacket | null | undefined;
}

/** An aedes packet (aedes-packet) as it reaches a subscriber's deliver function. */
export interface OutPacket {
  cmd: string;
  topic: string;
  payload: Buffer;
  qos: number;
  retain: boolean;
  dup: boolean;
  brokerId?: string;
  brokerCounter?: number;
  messageId?: number;
  clientId?: string;
  nl?: boolean;
  properties?: unknown;
}

type Deliver = (packet: OutPacket, done: (err?: Error | null) => void) => void;

/** A PUBLISH as bytes (MQTT 3.1.1 section 3.3) with room for the packet id at `idAt`. */
interface Template {
  topic: string;
  qos: number;
  dup: boolean;
  bytes: Buffer;
  idAt: number;
}

// Built once per payload buffer: every subscriber's copy of a message shares its payload.
const templates = new WeakMap<Buffer, Template>();

function remainingLengthBytes(n: number): number[] {
  // MQTT 3.1.1 section 2.2.3: 7 bits a byte, high bit set when more follow
  const out: number[] = [];
  do {
    let b = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) b |= 0x80;
    out.push(b);
  } while (n > 0);
  return out;
}

/** The PUBLISH bytes of `packet` (qos > 0, not retained) with packet id 0 at `idAt`. */
export function publishTemplate(packet: Pick<OutPacket, 'topic' | 'payload' | 'qos' | 'dup'>): Template {
  const topicLength = Buffer.byteLength(packet.topic);
  const remaining = 2 + topicLength + 2 + packet.payload.length;
  const rl = remainingLengthBytes(remaining);
  const bytes = Buffer.alloc(1 + rl.length + remaining);
  bytes[0] = 0x30 | (packet.dup ? 0x08 : 0) | (packet.qos << 1);
  let at = 1;
  for (const b of rl) bytes[at++] = b;
  bytes.writeUInt16BE(topicLength, at);
  at += 2;
  at += bytes.write(packet.topic, at);
  const idAt = at;
  packet.payload.copy(bytes, at + 2);
  return { topic: packet.topic, qos: packet.qos, dup: packet.dup, bytes, idAt };
}

function templateFor(topic: string, payload: Buffer, qos: number, dup: boolean): Template {
  let t = templates.get(payload);
  if (!t || t.topic !== topic || t.qos !== qos || t.dup !== dup) {
    t = publishTemplate({ topic, payload, qos, dup });
    templates.set(payload, t);
  }
  return t;
}

// Callbacks to aedes' emitter, handed back together once per turn of the event loop.
let finished: (() => void)[] = [];
let scheduled = false;
function later(done: () => void): void {
  finished.push(done);
  if (scheduled) return;
  scheduled = true;
  setImmediate(() => {
    scheduled = false;
    const batch = finished;
    finished = [];
    // one callback that throws must not strand the others (each would have had its own setImmediate)
    let failure: unknown;
    for (const f of batch) {
      try {
        f();
      } catch (err) {
        failure ??= err;
      }
    }
    if (failure !== undefined) throw failure;
  });
}

const noop = (): void => {};

/**
 * Give an accepted client the lean QoS 1 delivery. Call it before aedes restores the client's
 * subscriptions (from `authenticate`), since each subscription captures the deliver function.
 * Returns false (and changes nothing) if the client is not the aedes 1.2 client this knows.
 */
export function useFastDelivery(aedesClient: Client): boolean {
  const client = aedesClient as unknown as ClientInternals;
  // aedes is pinned (1.2); should its internals ever differ, its own delivery is left in place
  if (!hasInternals(client)) return false;
  const broker = client.broker;
  const slow = client.deliverQoS;
  const recordSent = broker.persistence.recordSent?.bind(broker.persistence);
  // plain TCP (not TLS, not a WebSocket stream): a write that completes at once has copied the bytes
  const tcp = client.conn instanceof Socket && !(client.conn instanceof TLSSocket);

  client.deliverQoS = function deliverQoS(packet, done) {
    // aedes lowers the QoS to the subscription's, looked up by the topic name (lib/client.js)
    const sub = client.subscriptions[packet.topic];
    const qos = sub && (sub.qos || 0) < packet.qos ? sub.qos : packet.qos;
    // Every case the fast path leaves to aedes is decided here, before any state changes (the
    // duplicate check below records the message as seen).
    if (qos === 0 || packet.retain || packet.properties !== undefined || packet.messageId !== undefined || client.version === 5 || (!client.clean && !recordSent)) {
      return slow(packet, done);
    }
    // aedes' getToForwardPacket: no-local, then the duplicate check, then authorizeForward
    let out: OutPacket | null | undefined;
    if (!(packet.clientId === client.id && packet.nl)) {
      const id = packet.brokerId;
      let fresh = true;
      if (id) {
        fresh = (client.duplicates[id] ?? 0) < packet.brokerCounter!;
        if (fresh) client.duplicates[id] = packet.brokerCounter!;
      }
      out = fresh ? broker.authorizeForward(client, packet) : undefined;
    }
    if (!out) {
      // held for this subscriber when it was published (aedes enqueueOffline): let it go
      if (!client.clean) broker.persistence.outgoingClearMessageId(client, packet).then(noop, noop);
      return later(done as () => void);
    }

    const messageId = client._nextId;
    client._nextId = messageId >= 65535 ? 1 : messageId + 1;
    out.messageId = messageId;
    // aedes records the packet id on the held message before writing, so the PUBACK finds it
    if (recordSent && !client.clean && !recordSent(client, out)) {
      client.emit('error', new Error('no such packet'));
      return later(done as () => void);
    }
    if (!(client.connecting || client.connected)) {
      client.emit('error', new Error('connection closed'));
      return later(done as () => void);
    }
    // authorizeForward's answer is sent as a 3.1.1 PUBLISH: topic, payload, QoS, dup
    const t = templateFor(out.topic, out.payload, qos, out.dup);
    let bytes = t.bytes;
    if (!tcp) {
      bytes = Buffer.allocUnsafe(t.bytes.length);
      t.bytes.copy(bytes);
    }
    bytes.writeUInt16BE(messageId, t.idAt);
    const ok = client.conn.write(bytes);
    // A TCP socket that took the bytes at once (nothing left queued) holds no reference to them, and the
    // next device's copy can be patched in the same buffer; one still queued keeps this one.
    if (bytes === t.bytes && client.conn.writableLength > 0) t.bytes = Buffer.from(bytes);
    if (!ok && !client.errored) client.waitForDrain(done as () => void);
    else later(done as () => void);
  };

  const acknowledge = broker.persistence.acknowledge?.bind(broker.persistence);
  if (!acknowledge) return true;
  const parser = client._parser;
  const parse = parser.parse;
  parser.parse = function parsePubacks(buf) {
    // only between packets (nothing half-read), only MQTT 3.1.1/3.1, only once connected
    if (!isPubacks(buf) || parser._stateCounter !== 0 || parser._list.length !== 0 || parser.error || !client.connackSent || client.version === 5) {
      return parse.call(parser, buf);
    }
    // aedes' handlePuback for each: let the message go, then tell 'ack' listeners (if there are any)
    const wanted = broker.listenerCount('ack') > 0;
    for (let at = 0; at < buf.length; at += 4) {
      const held = acknowledge(client, buf.readUInt16BE(at + 2), wanted);
      if (wanted) broker.emit('ack', held, client);
    }
    // any packet from the client counts as a sign of life (MQTT 3.1.1 section 3.1.2.10), as in aedes' handle()
    if (client._keepaliveInterval > 0) client._keepaliveTimer?.refresh();
    return 0;
  };
  return true;
}

function hasInternals(client: ClientInternals): boolean {
  const p = client._parser as Partial<ParserInternals> | undefined;
  return typeof client.deliverQoS === 'function' && typeof client.waitForDrain === 'function' && typeof client._nextId === 'number' &&
    typeof client.duplicates === 'object' && typeof client.subscriptions === 'object' && typeof client.broker?.authorizeForward === 'function' &&
    typeof p?.parse === 'function' && typeof p._stateCounter === 'number' && typeof p._list?.length === 'number' && 'connackSent' in client;
}

/** Whether a read is whole PUBACKs only: 0x40, remaining length 2, a packet id (section 3.4). */
export function isPubacks(buf: Buffer): boolean {
  if (buf.length === 0 || buf.length % 4 !== 0) return false;
  for (let at = 0; at < buf.length; at += 4) {
    if (buf[at] !== 0x40 || buf[at + 1] !== 0x02) return false;
  }
  return true;
}
