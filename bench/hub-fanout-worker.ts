// One client process of bench/hub-fanout.ts: plays a share of the fleet (a process holds at most
// ~20,000 descriptors here, so 19,800 devices need several). Each device logs in with its own
// credentials, keeps a persistent session, subscribes QoS 1 to its push topic and its broadcast
// shard, and records when each push arrives (wall clock in fractional ms, comparable across
// processes on one machine). Orders come from the parent over IPC.
import mqtt, { type MqttClient } from 'mqtt';
import { shardOf, shardTopic, topic } from '../core/wire/push.ts';

export type WorkerOrder =
  | { type: 'connect'; url: string; devices: { id: string; password: string }[]; prefix: string; shards: number; concurrency: number }
  | { type: 'collect' }
  | { type: 'drop'; ids: string[] }
  | { type: 'return'; ids: string[] }
  | { type: 'close' };

export type WorkerReport =
  | { type: 'connected'; count: number; failed: number; firstError?: string }
  | { type: 'latencies'; values: number[]; received: number; lastArrival: number }
  | { type: 'dropped' }
  | { type: 'returned'; sinceReconnect: number[]; sinceConnack: number[] }
  | { type: 'closed' };

const now = (): number => performance.timeOrigin + performance.now();
const clients = new Map<string, MqttClient>();
const passwords = new Map<string, string>();
let latencies: number[] = [];
let received = 0;
let lastArrival = 0;
let url = '';
let prefix = 'espkit';
let shards = 16;

function send(report: WorkerReport): void {
  process.send!(report);
}

function open(id: string, subscribe: boolean): Promise<MqttClient> {
  return new Promise((resolve, reject) => {
    const c = mqtt.connect(url, {
      clientId: id,
      username: id,
      password: passwords.get(id),
      clean: false,
      protocolVersion: 4,
      reconnectPeriod: 0,
      connectTimeout: 120_000,
      keepalive: 600,
    });
    c.on('message', (_t, payload) => {
      received++;
      const at = now();
      lastArrival = Math.max(lastArrival, at);
      const t = /"t":([0-9.]+)/.exec(payload.toString());
      if (t) latencies.push(at - Number(t[1]));
    });
    c.once('error', (err) => {
      c.end(true);
      reject(err);
    });
    c.once('connect', () => {
      if (!subscribe) return resolve(c);
      const topics = [topic(prefix, id, 'push')];
      if (shards > 0) topics.push(shardTopic(prefix, shardOf(id, shards)));
      c.subscribe(topics, { qos: 1 }, (err) => (err ? reject(err) : resolve(c)));
    });
  });
}

async function pool<T>(items: T[], concurrency: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
}

process.on('message', async (order: WorkerOrder) => {
  if (order.type === 'connect') {
    url = order.url;
    prefix = order.prefix;
    shards = order.shards;
    for (const d of order.devices) passwords.set(d.id, d.password);
    let failed = 0;
    let firstError: string | undefined;
    await pool(order.devices, order.concurrency, async (d) => {
      try {
        clients.set(d.id, await open(d.id, true));
      } catch (err) {
        failed++;
        firstError ??= (err as Error).message;
      }
    });
    send({ type: 'connected', count: clients.size, failed, firstError });
  } else if (order.type === 'collect') {
    send({ type: 'latencies', values: latencies, received, lastArrival });
    latencies = [];
    received = 0;
    lastArrival = 0;
  } else if (order.type === 'drop') {
    for (const id of order.ids) {
      clients.get(id)?.end(true);
      clients.delete(id);
    }
    send({ type: 'dropped' });
  } else if (order.type === 'return') {
    // Time from starting to reconnect (and from CONNACK) to the queued push arriving.
    const sinceReconnect: number[] = [];
    const sinceConnack: number[] = [];
    await Promise.all(
      order.ids.map(async (id) => {
        const start = now();
        let connack = 0;
        const c = mqtt.connect(url, { clientId: id, username: id, password: passwords.get(id), clean: false, protocolVersion: 4, reconnectPeriod: 0 });
        c.once('connect', () => (connack = now()));
        await new Promise<void>((resolve) => {
          c.once('message', () => {
            const t = now();
            sinceReconnect.push(t - start);
            sinceConnack.push(t - connack);
            resolve();
          });
        });
        clients.set(id, c);
      }),
    );
    send({ type: 'returned', sinceReconnect, sinceConnack });
  } else if (order.type === 'close') {
    await Promise.all([...clients.values()].map((c) => new Promise<void>((r) => c.end(true, {}, () => r()))));
    send({ type: 'closed' });
    process.exit(0);
  }
});
