// mqtt.js clients playing devices per the wire contract (the real firmware's own end-to-end tests
// live in test/firmware): log in as the device, persistent session, retained status with an
// "offline" Will, subscribe to its own push topic and its broadcast shard, answer pushes with receipts.
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { parsePush, shardOf, shardTopic, topic, DEFAULT_PREFIX, DEFAULT_SHARDS, type PushBody } from '../../core/wire/push.ts';

export interface FakeDevice {
  id: string;
  client: MqttClient;
  /** Pushes received, in order (duplicates included). */
  pushes: PushBody[];
  /** Resolves with the next push received whose message is `msg` (or any, if absent). */
  nextPush(msg?: string, timeoutMs?: number): Promise<PushBody>;
  /** Close as a device that lost power would (no DISCONNECT: the Will fires). */
  drop(): Promise<void>;
  /** Close politely, saying offline first. */
  end(): Promise<void>;
}

export interface DeviceOptions {
  url: string;
  password: string;
  prefix?: string;
  shards?: number;
  /** Subscribe (default true; false for a session that should already have them). */
  subscribe?: boolean;
  /** Send receipts (default true). */
  receipts?: boolean;
  clientId?: string;
  ca?: string;
  extra?: Partial<IClientOptions>;
}

export async function connectDevice(id: string, o: DeviceOptions): Promise<FakeDevice> {
  const prefix = o.prefix ?? DEFAULT_PREFIX;
  const shards = o.shards ?? DEFAULT_SHARDS;
  const client = mqtt.connect(o.url, {
    clientId: o.clientId ?? id,
    username: id,
    password: o.password,
    clean: false,
    protocolVersion: 4,
    reconnectPeriod: 0,
    connectTimeout: 20_000,
    ca: o.ca,
    will: { topic: topic(prefix, id, 'status'), payload: Buffer.from('offline'), qos: 1, retain: true },
    ...o.extra,
  });
  const pushes: PushBody[] = [];
  const waiters: { msg?: string; resolve: (p: PushBody) => void }[] = [];
  client.on('message', (t, payload) => {
    const body = parsePush(payload);
    if (!body) return;
    pushes.push(body);
    if (o.receipts !== false) client.publish(topic(prefix, id, 'receipt'), JSON.stringify({ id: body.id, at: Date.now() }), { qos: 1 });
    for (const w of [...waiters]) {
      if (w.msg === undefined || w.msg === body.msg) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(body);
      }
    }
  });
  const err = await connected(client);
  if (err) {
    client.end(true);
    throw err;
  }
  if (o.subscribe !== false) {
    const topics = [topic(prefix, id, 'push')];
    if (shards > 0) topics.push(shardTopic(prefix, shardOf(id, shards)));
    await client.subscribeAsync(topics, { qos: 1 });
  }
  await client.publishAsync(topic(prefix, id, 'status'), JSON.stringify({ status: 'online', fw: 'test' }), { qos: 1, retain: true });
  return {
    id,
    client,
    pushes,
    nextPush(msg, timeoutMs = 30_000) {
      const already = pushes.find((p) => msg === undefined || p.msg === msg);
      if (already) return Promise.resolve(already);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${id}: no push ${msg ?? ''} within ${timeoutMs} ms`)), timeoutMs);
        waiters.push({ msg, resolve: (p) => (clearTimeout(timer), resolve(p)) });
      });
    },
    async drop() {
      await new Promise<void>((resolve) => client.end(true, {}, () => resolve()));
    },
    async end() {
      // A polite goodbye sends no Will, so say "offline" first (as a device shutting down would).
      await client.publishAsync(topic(prefix, id, 'status'), 'offline', { qos: 1, retain: true });
      await client.endAsync();
    },
  };
}

/** The connection error a login gets (mqtt.js reports CONNACK refusals with the return code as `code`). */
export async function connectError(url: string, options: IClientOptions): Promise<Error & { code?: number | string }> {
  const client = mqtt.connect(url, { protocolVersion: 4, reconnectPeriod: 0, connectTimeout: 20_000, ...options });
  try {
    const err = await connected(client);
    if (!err) throw new Error('the login was accepted');
    return err;
  } finally {
    client.end(true);
  }
}

/** Resolves with undefined once connected, or with the error that stopped it. */
export function connected(client: MqttClient): Promise<(Error & { code?: number | string }) | undefined> {
  return new Promise((resolve) => {
    const ok = (): void => (client.off('error', bad), resolve(undefined));
    const bad = (e: Error): void => (client.off('connect', ok), resolve(e));
    client.once('connect', ok);
    client.once('error', bad);
  });
}
