// The hub's fast delivery path (fast-delivery.ts) stands in for aedes internals, so before the hub uses it
// the path must behave like aedes' own, not merely find the fields it expects. At start-up a throwaway aedes,
// on the hub's kind of session store, serves two loopback clients over 127.0.0.1 that differ only in the path
// that delivers to them: the same persistent session, two QoS 1 messages acknowledged as they come, a
// reconnection, a third message. Every byte each client receives is recorded, and the fast path is used only
// when both received the same bytes and aedes saw the same acknowledgements.
import { createServer, type AddressInfo } from 'node:net';
import { once } from 'node:events';
import { Aedes, type Client } from 'aedes';
import mqtt from 'mqtt';
import { useFastDelivery } from './fast-delivery.ts';
import { openSessionStore } from './store.ts';

/** Which delivery the hub uses, and why, for its start-up lines and --json. */
export interface DeliveryPath {
  path: 'fast' | 'aedes';
  reason: string;
}

const TOPIC = 'espkit-check/fast-path';
/** Longer than a 127-byte remaining length, so the length's second byte is compared too. */
const PAYLOADS = ['one', 'two', 'three'].map((w) => Buffer.from(`${w} `.repeat(60)));
/** A safety net for a check that never finishes (a hung path counts as a failed one). */
const DEADLINE_MS = 15_000;

interface Recorder {
  bytes: Buffer[];
  received: number;
  acks: number;
}

/** The hub's delivery path: the fast one when `wanted` and the check passes, else aedes' own. */
export async function chooseDeliveryPath(wanted: boolean): Promise<DeliveryPath> {
  if (!wanted) return { path: 'aedes', reason: 'the fast path is off (ESPKIT_HUB_FAST=0 or --no-fast-path)' };
  const giveUp = new AbortController();
  const timer = setTimeout(() => giveUp.abort(new Error(`it did not finish within ${DEADLINE_MS / 1000} s`)), DEADLINE_MS);
  try {
    const problem = await compareDeliveries(giveUp.signal);
    return problem === undefined
      ? { path: 'fast', reason: 'it delivered the same bytes as aedes\' own path at start-up' }
      : { path: 'aedes', reason: `the fast path is off: ${problem}` };
  } catch (err) {
    return { path: 'aedes', reason: `the fast path is off: its start-up check failed (${(err as Error).message})` };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Undefined when both paths behaved alike, else what differed; `signal` ends a check that hangs. `install`
 * gives a client the path under test (tests hand in a broken one to see the check catch it).
 */
export async function compareDeliveries(signal?: AbortSignal, install: (client: Client) => boolean = useFastDelivery): Promise<string | undefined> {
  const store = await openSessionStore({ queueLimit: 10, isOnline: () => true });
  const recorders = new Map<string, Recorder>([['check-fast', { bytes: [], received: 0, acks: 0 }], ['check-aedes', { bytes: [], received: 0, acks: 0 }]]);
  let refused = false;
  // each received message and each acknowledgement wakes the waiting check
  let wake: (() => void) | undefined;
  const changed = (): void => wake?.();
  const until = async (done: () => boolean): Promise<void> => {
    while (!done()) {
      signal?.throwIfAborted();
      await new Promise<void>((resolve) => {
        wake = resolve;
        signal?.addEventListener('abort', () => resolve(), { once: true });
      });
    }
  };
  const aedes = await Aedes.createBroker({
    persistence: store.persistence,
    authenticate(client: Client, _user, _password, done) {
      if (client.id === 'check-fast' && !install(client)) refused = true;
      done(null, true);
    },
  });
  const gone = new Set<string>();
  const ready = new Set<string>();
  aedes.on('clientReady', (client) => {
    ready.add(client.id);
    changed();
  });
  aedes.on('clientDisconnect', (client) => {
    gone.add(client.id);
    changed();
  });
  aedes.on('ack', (_packet, client) => {
    const r = recorders.get(client.id);
    if (r) r.acks++;
    changed();
  });
  const server = createServer((socket) => aedes.handle(socket));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  const clients: mqtt.MqttClient[] = [];
  try {
    const connectAll = async (): Promise<void> => {
      clients.splice(0).forEach((c) => c.end(true));
      await Promise.all([...recorders].map(async ([id, r]) => clients.push(await connectRecorded(port, id, r, changed))));
    };
    await connectAll();
    if (refused) return 'this aedes is not the one the fast path knows';
    await Promise.all(clients.map((c) => c.subscribeAsync(TOPIC, { qos: 1 })));
    for (let i = 0; i < PAYLOADS.length; i++) {
      if (i === 2) {
        // a message left unacknowledged would come again on the new connection, through aedes' own path
        // and only once aedes has let the old connections go: a message racing a reconnection is another check
        gone.clear();
        await Promise.all(clients.map((c) => c.endAsync()));
        await until(() => [...recorders.keys()].every((id) => gone.has(id)));
        // and once aedes has replayed the session to the new ones (clientReady), so no live delivery races that
        ready.clear();
        await connectAll();
        await until(() => [...recorders.keys()].every((id) => ready.has(id)));
      }
      await publish(aedes, PAYLOADS[i]!);
      await until(() => [...recorders.values()].every((r) => r.received > i && r.acks > i));
    }
    const [fast, slow] = [...recorders.values()].map((r) => withIdsInOrder(Buffer.concat(r.bytes)));
    if (!fast!.equals(slow!)) return `it put different bytes on the wire from aedes (${fast!.length} bytes against ${slow!.length})`;
    return undefined;
  } finally {
    await Promise.all(clients.map((c) => c.endAsync(true)));
    server.close();
    await new Promise<void>((resolve) => aedes.close(() => resolve()));
    await store.persistence.destroy();
  }
}

/**
 * The bytes with each packet id replaced by its order of first appearance: aedes starts each client's ids at
 * random and mqtt.js its own, so two clients' ids differ even where their deliveries do not. Packets are
 * framed by MQTT 3.1.1 section 2.2 (type, remaining length) and carry their id as in sections 3.3 to 3.11.
 */
export function withIdsInOrder(bytes: Buffer): Buffer {
  const out = Buffer.from(bytes);
  const order = new Map<number, number>();
  let at = 0;
  while (at < out.length) {
    const type = out[at]! >> 4;
    const qos = (out[at]! >> 1) & 3;
    let length = 0;
    let shift = 0;
    let i = at + 1;
    for (; i < out.length; i++) {
      length += (out[i]! & 0x7f) * 2 ** shift;
      shift += 7;
      if ((out[i]! & 0x80) === 0) break;
    }
    const body = i + 1;
    // PUBLISH at QoS 1 or 2: after the topic; PUBACK to UNSUBACK (4 to 11): first
    const idAt = type === 3 ? (qos > 0 ? body + 2 + out.readUInt16BE(body) : -1) : type >= 4 && type <= 11 ? body : -1;
    if (idAt >= 0 && idAt + 2 <= out.length) {
      const id = out.readUInt16BE(idAt);
      if (!order.has(id)) order.set(id, order.size + 1);
      out.writeUInt16BE(order.get(id)!, idAt);
    }
    at = body + length;
  }
  return out;
}

/** A client whose socket's incoming bytes are recorded before mqtt.js reads them. */
async function connectRecorded(port: number, clientId: string, recorder: Recorder, changed: () => void): Promise<mqtt.MqttClient> {
  const client = mqtt.connect(`mqtt://127.0.0.1:${port}`, { clientId, clean: false, reconnectPeriod: 0, keepalive: 0 });
  client.on('packetreceive', (packet) => {
    if (packet.cmd === 'publish') recorder.received++;
    changed();
  });
  client.stream.on('data', (chunk: Buffer) => recorder.bytes.push(Buffer.from(chunk)));
  await new Promise<void>((resolve, reject) => {
    client.once('connect', () => resolve());
    client.once('error', reject);
  });
  return client;
}

function publish(aedes: Aedes, payload: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    aedes.publish({ cmd: 'publish', topic: TOPIC, payload, qos: 1, retain: false, dup: false }, (err?: Error | null) => (err ? reject(err) : resolve()));
  });
}
