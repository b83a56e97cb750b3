// The hub's fast delivery path (fast-delivery.ts) stands in for aedes internals, so before the hub uses it
// the path must behave like aedes' own, not merely find the fields it expects. At start-up a throwaway aedes,
// on the hub's kind of session store, serves two loopback clients over 127.0.0.1 that differ only in the path
// that delivers to them: the same persistent session, two QoS 1 messages acknowledged as they come, a
// reconnection, a third message. Every byte each client receives is recorded, and the fast path is used only
// when both received the same bytes and aedes saw the same acknowledgements.
import { createServer, type AddressInfo, type Socket } from 'node:net';
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
export async function chooseDeliveryPath(
  wanted: boolean,
  /** For tests: the path under test and a shorter deadline than the hub's. */
  options: { install?: (client: Client) => boolean; deadlineMs?: number } = {},
): Promise<DeliveryPath> {
  if (!wanted) return { path: 'aedes', reason: 'the fast path is off (ESPKIT_HUB_FAST=0 or --no-fast-path)' };
  const deadlineMs = options.deadlineMs ?? DEADLINE_MS;
  const giveUp = new AbortController();
  // a timer of its own, not AbortSignal.timeout: that one is unref'd, and a check waiting on nothing else would
  // let the process exit instead of ending the check
  const timer = setTimeout(() => giveUp.abort(new Error(`it did not finish within ${deadlineMs / 1000} s`)), deadlineMs);
  try {
    const problem = await compareDeliveries(giveUp.signal, options.install);
    return problem === undefined
      ? { path: 'fast', reason: 'it delivered the same bytes as aedes\' own path at start-up' }
      : { path: 'aedes', reason: `the fast path is off: ${problem}` };
  } catch (err) {
    return { path: 'aedes', reason: `the fast path is off: its start-up check failed (${(err as Error).message})` };
  } finally {
    clearTimeout(timer);
  }
}

/** `promise`, or the signal's reason as soon as it aborts (the step itself is left to the clean-up). */
function bounded<T>(signal: AbortSignal, promise: Promise<T>): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => {});
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const abort = (): void => reject(signal.reason);
    signal.addEventListener('abort', abort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', abort);
        resolve(v);
      },
      (err) => {
        signal.removeEventListener('abort', abort);
        reject(err);
      },
    );
  });
}

/** Waits for a clean-up step, but not for ever: a step that hangs must not hang the hub's start-up. */
function settle(step: Promise<unknown>, ms = 2000): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    step.then(
      () => (clearTimeout(timer), resolve()),
      () => (clearTimeout(timer), resolve()),
    );
  });
}

/**
 * Undefined when both paths behaved alike, else what differed. `signal` ends the check: every step (connect,
 * subscribe, publish, each wait for a delivery or an acknowledgement) rejects with its reason, so a peer
 * that never answers cannot hold the check, and the hub's start-up, for ever. `install` gives a client the
 * path under test (tests hand in a broken one to see the check catch it).
 */
export async function compareDeliveries(signal: AbortSignal, install: (client: Client) => boolean = useFastDelivery): Promise<string | undefined> {
  signal.throwIfAborted();
  const store = await openSessionStore({ queueLimit: 10, isOnline: () => true });
  const recorders = new Map<string, Recorder>([['check-fast', { bytes: [], received: 0, acks: 0 }], ['check-aedes', { bytes: [], received: 0, acks: 0 }]]);
  let refused = false;
  // each received message and each acknowledgement wakes the waiting check, and so does the abort
  let wake: (() => void) | undefined;
  const changed = (): void => wake?.();
  signal.addEventListener('abort', changed, { once: true });
  const until = async (done: () => boolean): Promise<void> => {
    while (!done()) {
      signal.throwIfAborted();
      await new Promise<void>((resolve) => (wake = resolve));
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
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    aedes.handle(socket);
  });
  const clients: mqtt.MqttClient[] = [];
  // what the check was doing, for the reason of one that was stopped
  let step = 'starting its broker';
  try {
    server.listen(0, '127.0.0.1');
    await bounded(signal, once(server, 'listening'));
    const port = (server.address() as AddressInfo).port;
    const connectAll = async (): Promise<void> => {
      clients.splice(0).forEach((c) => c.end(true));
      await Promise.all([...recorders].map(async ([id, r]) => clients.push(await connectRecorded(port, id, r, changed, signal))));
    };
    step = 'connecting its clients';
    await connectAll();
    if (refused) return 'this aedes is not the one the fast path knows';
    step = 'subscribing';
    await bounded(signal, Promise.all(clients.map((c) => c.subscribeAsync(TOPIC, { qos: 1 }))));
    for (let i = 0; i < PAYLOADS.length; i++) {
      if (i === 2) {
        // a message left unacknowledged would come again on the new connection, through aedes' own path
        // and only once aedes has let the old connections go: a message racing a reconnection is another check
        step = 'disconnecting its clients';
        gone.clear();
        await bounded(signal, Promise.all(clients.map((c) => c.endAsync())));
        await until(() => [...recorders.keys()].every((id) => gone.has(id)));
        // and once aedes has replayed the session to the new ones (clientReady), so no live delivery races that
        step = 'reconnecting its clients';
        ready.clear();
        await connectAll();
        await until(() => [...recorders.keys()].every((id) => ready.has(id)));
      }
      step = `publishing message ${i + 1}`;
      await bounded(signal, publish(aedes, PAYLOADS[i]!));
      step = `waiting for message ${i + 1} to be delivered and acknowledged`;
      await until(() => [...recorders.values()].every((r) => r.received > i && r.acks > i));
    }
    const [fast, slow] = [...recorders.values()].map((r) => withIdsInOrder(Buffer.concat(r.bytes)));
    if (!fast!.equals(slow!)) return `it put different bytes on the wire from aedes (${fast!.length} bytes against ${slow!.length})`;
    return undefined;
  } catch (err) {
    if (!signal.aborted || err !== signal.reason) throw err;
    const counts = [...recorders].map(([id, r]) => `${id}: ${r.received} received, ${r.acks} acknowledged`).join('; ');
    throw new Error(`${(err as Error).message}, while ${step} (${counts})`, { cause: err });
  } finally {
    signal.removeEventListener('abort', changed);
    // forced, not polite: after an abort the peer may be the part that does not answer
    clients.forEach((c) => c.end(true));
    for (const s of sockets) s.destroy();
    server.close();
    await settle(new Promise<void>((resolve) => aedes.close(() => resolve())));
    await settle(store.persistence.destroy());
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
async function connectRecorded(port: number, clientId: string, recorder: Recorder, changed: () => void, signal: AbortSignal): Promise<mqtt.MqttClient> {
  const client = mqtt.connect(`mqtt://127.0.0.1:${port}`, { clientId, clean: false, reconnectPeriod: 0, keepalive: 0 });
  client.on('packetreceive', (packet) => {
    if (packet.cmd === 'publish') recorder.received++;
    changed();
  });
  client.stream.on('data', (chunk: Buffer) => recorder.bytes.push(Buffer.from(chunk)));
  try {
    // mqtt.js ends a connection attempt that times out with 'close', not 'error'
    await bounded(signal, new Promise<void>((resolve, reject) => {
      client.once('connect', () => resolve());
      client.once('error', reject);
      client.once('close', () => reject(new Error(`the broker closed ${clientId}'s connection before its CONNACK`)));
    }));
  } catch (err) {
    client.end(true);
    throw err;
  }
  return client;
}

function publish(aedes: Aedes, payload: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    aedes.publish({ cmd: 'publish', topic: TOPIC, payload, qos: 1, retain: false, dup: false }, (err?: Error | null) => (err ? reject(err) : resolve()));
  });
}
