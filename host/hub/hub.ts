// The hub: the embedded broker on TCP (and TLS), MQTT over WebSocket at /mqtt, the HTTP API and the
// dashboard, wired to one session store and one fleet view. `espkit hub` is a thin shell around startHub.
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { once } from 'node:events';
import { join } from 'node:path';
import { WebSocketServer, createWebSocketStream } from 'ws';
import type { Level } from 'level';
import type { Client } from 'aedes';
import { Credentials } from './credentials.ts';
import { openSessionStore, type QueueStats } from './store.ts';
import { HeldPushes } from './held-pushes.ts';
import { startBroker, type Broker } from './broker.ts';
import { localTls } from './tls.ts';
import { Fleet, type PushArchive, type PushRecord, type PushView } from './fleet.ts';
import { createApi } from './http.ts';
import { aedesBus } from '../ota/bus.ts';
import { OtaService } from '../ota/service.ts';
import { watchBridges } from './bridges.ts';
import { DashboardLogins, LOGIN_PATH } from './login.ts';
import { DEFAULT_HTTP_PORT, DEFAULT_MQTT_PORT, DEFAULT_MQTTS_PORT } from './paths.ts';
import { removeRunningHub, writeRunningHub } from './running.ts';
import { EspkitError } from '../../core/errors.ts';
import {
  ALL, DEFAULT_PREFIX, DEFAULT_SHARDS, broadcastTopics, checkDeviceId, checkPrefix, makePush, parseTopic, topic, type PushBody,
} from '../../core/wire/push.ts';

/** A push to a device the hub has never seen. */
export class UnknownDeviceError extends EspkitError {
  constructor(message: string) {
    super(message);
    this.name = 'UnknownDeviceError';
  }
}

export interface HubOptions {
  /** The hub's folder (secret, sessions, TLS files). Absent: nothing on disk, sessions in memory. */
  dataDir?: string;
  /** Keep sessions on disk (default: true when there is a data folder). */
  durable?: boolean;
  /** Address to listen on (default 0.0.0.0, where devices on the LAN can reach it). */
  host?: string;
  /** MQTT over TCP (default 1883; 0 picks a free port; null turns it off). */
  mqttPort?: number | null;
  /** HTTP API, dashboard and MQTT over WebSocket at /mqtt (default 8080; 0 picks a free port). */
  httpPort?: number;
  /** Serve MQTT over TLS and the HTTP side over HTTPS, with a certificate from the local CA. */
  tls?: boolean;
  /** MQTT over TLS (default 8883; 0 picks a free port). */
  mqttsPort?: number;
  prefix?: string;
  shards?: number;
  /** Most messages held for one device while it is away (default 1000, like mosquitto). */
  queueLimit?: number;
  /** Milliseconds a stuck subscriber may block its socket before it is dropped (default 10000). */
  drainTimeoutMs?: number;
  /** The logins (default: from the data folder, or made up for this run). */
  credentials?: Credentials;
  /** Where the hub's notes go (refused logins, dropped messages). */
  log?: (line: string) => void;
  /** The fast delivery path, if its start-up check passes (default: unless ESPKIT_HUB_FAST=0; broker.ts). */
  fastPath?: boolean;
  /** Write hub.json into the data folder so clients find this hub (default true when there is a data folder). */
  announce?: boolean;
}

export interface Hub {
  ports: { mqtt?: number; mqtts?: number; http: number };
  /** Where to reach the hub on this machine, without credentials. */
  urls: { mqtt?: string; mqtts?: string; ws: string; http: string };
  /** The CA certificate (PEM) clients trust when the hub runs with TLS. */
  ca?: string;
  caFile?: string;
  credentials: Credentials;
  prefix: string;
  shards: number;
  fleet: Fleet;
  /** Firmware over WiFi: the chunk server, the devices' OTA states and the rollout (host/ota). */
  ota: OtaService;
  broker: Broker;
  queues: QueueStats;
  /** Pushes held for devices whose sessions have not subscribed to their push topic yet. */
  heldPushes: { count(device: string): number };
  /** A URL with the admin login, for push, bridge and tests. */
  adminUrl(kind?: 'mqtt' | 'mqtts' | 'ws' | 'wss'): string;
  /** A one-time link that logs a browser into the dashboard (good once, for 10 minutes). */
  loginLink(): string;
  /** Send a push from the hub itself (what the HTTP API does). */
  push(target: string, msg: string, options?: { ttl?: number; maxLength?: number }): Promise<PushView>;
  /** Write the sessions and push history changed so far to disk (they are written behind). */
  flush(): Promise<void>;
  close(): Promise<void>;
}


async function listen(server: TcpServer | HttpServer, port: number, host: string, what: string): Promise<number> {
  server.listen(port, host);
  try {
    await once(server, 'listening');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'EADDRINUSE' ? `port ${port} is already in use (another broker?): choose another port` : (err as Error).message;
    throw new EspkitError(`cannot listen for ${what} on ${host}:${port}: ${why}`, { cause: err });
  }
  const address = server.address();
  return typeof address === 'object' && address ? address.port : port;
}

function archiveIn(db: Level<string, Buffer>): PushArchive {
  const sub = db.sublevel<string, PushRecord>('espkit-pushes', { valueEncoding: 'json' });
  return {
    async load() {
      const out: PushRecord[] = [];
      for await (const value of sub.values()) out.push(value);
      return out;
    },
    async save(records) {
      await sub.batch(records.map((r) => ({ type: 'put' as const, key: r.id, value: r })));
    },
    async remove(ids) {
      await sub.batch(ids.map((id) => ({ type: 'del' as const, key: id })));
    },
  };
}

export async function startHub(options: HubOptions = {}): Promise<Hub> {
  const prefix = checkPrefix(options.prefix ?? DEFAULT_PREFIX);
  const shards = options.shards ?? DEFAULT_SHARDS;
  if (!Number.isInteger(shards) || shards < 0 || shards > 1024) throw new EspkitError(`--shards ${shards} must be a whole number from 0 to 1024`, { code: 2 });
  const host = options.host ?? '0.0.0.0';
  const log = options.log ?? (() => {});
  const credentials = options.credentials ?? (options.dataDir ? Credentials.load(options.dataDir) : Credentials.ephemeral());
  const durable = options.durable ?? options.dataDir !== undefined;
  if (durable && !options.dataDir) throw new EspkitError('a durable hub needs a data folder (--data DIR)', { code: 2 });

  let broker: Broker | undefined;
  const store = await openSessionStore({
    path: durable ? join(options.dataDir!, 'sessions') : undefined,
    queueLimit: options.queueLimit ?? 1000,
    isOnline: (id) => broker?.aedes !== undefined && isConnected(broker, id),
    onDrop: (id, held) => log(`the queue of ${id} is full (${held} messages held while it is away): newer messages are dropped until it returns`),
  });
  const fleet = new Fleet({ archive: store.db ? archiveIn(store.db) : undefined, seesBridges: true, log });
  await fleet.restore();
  const held = await HeldPushes.open({ db: store.db, limit: options.queueLimit ?? 1000, log });
  broker = await startBroker({
    credentials,
    persistence: store.persistence,
    prefix,
    drainTimeoutMs: options.drainTimeoutMs ?? 10_000,
    log,
    fastPath: options.fastPath,
  });
  const { aedes } = broker;

  // The fleet view listens on the broker itself (no extra client): status, receipts, serial lines, the
  // devices' own events and pushes whoever sent them, plus the devices' own connections.
  for await (const packet of store.persistence.createRetainedStream(`${prefix}/+/status`) as AsyncIterable<{ topic: string; payload: Buffer }>) {
    const t = parseTopic(prefix, packet.topic);
    if (t) fleet.onStatus(t.device, packet.payload, false);
  }
  const feed = (filter: string): Promise<void> =>
    new Promise((resolve) => {
      aedes.subscribe(
        filter,
        (packet, cb) => {
          const t = parseTopic(prefix, packet.topic);
          if (t && Buffer.isBuffer(packet.payload)) {
            if (t.kind === 'status') fleet.onStatus(t.device, packet.payload);
            else if (t.kind === 'receipt') fleet.onReceipt(t.device, packet.payload);
            else if (t.kind === 'nack') fleet.onNack(t.device, packet.payload);
            else if (t.kind === 'serial') fleet.onSerial(t.device, packet.payload);
            else if (t.kind === 'event') fleet.onEvent(t.device, packet.payload);
            else if (t.kind === 'push' && t.shard === undefined) {
              fleet.onPush(t.device, packet.payload);
              // the publish completes (the API answers "pending") only once a held push is in the store
              const holding = t.device !== ALL ? watchPush(t.device, packet.payload) : undefined;
              if (holding) return void holding.then(() => cb());
            }
          }
          cb();
        },
        () => resolve(),
      );
    });
  await Promise.all(['status', 'receipt', 'nack', 'serial', 'event', 'push'].map((kind) => feed(`${prefix}/+/${kind}`)));
  watchBridges(aedes, prefix, (device, present) => fleet.onBridge(device, present));
  // the chunk server lives here, so it goes on serving devices that download long after `espkit ota` returned
  const ota = await OtaService.start({ bus: aedesBus(aedes, store.persistence), prefix, roster: fleet, shards, dataDir: options.dataDir, log });
  // A device is reachable for pushes only once its session subscribes to its push topic: on its first
  // connection that is its SUBSCRIBE, some time after the CONNECT, and a QoS 1 push published in between
  // matched no subscription and was dropped (a persistent session queues only for the subscriptions it
  // has). So the fleet counts it online from that subscription (or from its own online status), and a push
  // that reached no session of its device, whoever published it (the API, the dashboard, `espkit push`
  // over MQTT), is held here and published again when the subscription arrives.
  const pushFilter = (device: string): string => topic(prefix, device, 'push');
  /** Whether any of these subscription filters takes the device's pushes. */
  const takesPushes = (filters: string[], device: string): boolean => coversTopic(filters, pushFilter(device));
  const liveClient = (device: string): Client | undefined => (aedes as unknown as { clients: Record<string, Client | undefined> }).clients[device];
  const release = (device: string): void => {
    // in the order they were sent; a failure is the broker closing, which ends every delivery anyway
    for (const payload of held.release(device)) {
      aedes.publish({ cmd: 'publish', topic: pushFilter(device), payload, qos: 1, retain: false, dup: false }, (err?: Error | null) => {
        if (err) log(`a push held for ${device} until it subscribed was not published: ${err.message}`);
      });
    }
  };
  /**
   * Called for every push to one device as the broker fans it out (the feed above), which is when the broker
   * matches it against the subscriptions: if the device's session had no push subscription then, nobody
   * got it, and it is held. The broker's matching and this call happen together, so a connected client's
   * subscriptions are read as the broker saw them; a session kept while its device is away is read from
   * the store, and its push held meanwhile, so a SUBSCRIBE that comes during that read releases it (at
   * worst the device gets it twice, which QoS 1 allows and receipts count once).
   * Returns the hold's write to the store, if it held the push.
   */
  const watchPush = (device: string, payload: Buffer): Promise<void> | undefined => {
    if (!fleet.device(device)) return undefined; // no session to deliver to, nor a device to wait for
    const live = liveClient(device);
    if (live) return takesPushes(Object.keys(subscriptionsOf(live)), device) ? undefined : held.hold(device, payload);
    const queued = store.persistence.subscriptionsByClient({ id: device }).then((subs) => takesPushes((subs ?? []).map((x) => x.topic), device));
    return held.holdUnlessQueued(device, payload, queued);
  };
  aedes.on('clientReady', (client) => {
    const id = broker!.identity(client);
    // known from its CONNECT (so pushes to it are taken), online only with its push subscription: a returning
    // persistent session has its subscriptions restored by now, a first one subscribes next ('subscribe')
    if (id?.role !== 'device') return;
    const reachable = takesPushes(Object.keys(subscriptionsOf(client)), id.device);
    fleet.onConnection(id.device, reachable);
    // pushes held from an earlier run for a session that has its subscription by now go out without a SUBSCRIBE
    if (reachable) release(id.device);
  });
  aedes.on('subscribe', (subs, client) => {
    const id = client && broker!.identity(client);
    if (id?.role !== 'device') return;
    // 128 is a refused subscription (its SUBACK's failure code)
    if (!takesPushes(subs.filter((s) => (s.qos as number) !== 128).map((s) => s.topic), id.device)) return;
    if (isConnected(broker!, id.device) && fleet.device(id.device)?.online !== true) fleet.onConnection(id.device, true);
    release(id.device);
  });
  aedes.on('clientDisconnect', (client) => {
    const id = broker!.identity(client);
    // a device that reconnected replaced this connection: it is still online
    if (id?.role === 'device' && !isConnected(broker!, id.device)) fleet.onConnection(id.device, false);
  });

  const publish = (t: string, payload: string): Promise<void> =>
    new Promise((resolve, reject) => {
      aedes.publish({ cmd: 'publish', topic: t, payload: Buffer.from(payload), qos: 1, retain: false, dup: false }, (err?: Error | null) =>
        err ? reject(err) : resolve(),
      );
    });

  async function push(target: string, msg: string, o: { ttl?: number; maxLength?: number } = {}): Promise<PushView> {
    if (target !== ALL) {
      checkDeviceId(target);
      // the broker would keep nothing for a device without a session: say so now rather than wait
      if (!fleet.device(target)) throw new UnknownDeviceError(`${target} has never connected to this hub: check the device id (GET /api/devices lists them)`);
    }
    // the device's own limit from its status, unless the caller sets a smaller one
    const limit = fleet.maxMessage(target);
    const maxLength = Math.min(o.maxLength ?? limit, limit);
    const limitNote = target === ALL ? 'the smallest limit of the devices' : `${target} takes at most ${limit}`;
    const body: PushBody = makePush(msg, { ttl: o.ttl, maxLength, limitNote });
    fleet.onPush(target, body);
    const payload = JSON.stringify(body);
    const topics = target === ALL ? broadcastTopics(prefix, shards) : [topic(prefix, target, 'push')];
    await Promise.all(topics.map((t) => publish(t, payload)));
    return fleet.push(body.id)!;
  }

  // Listeners.
  const sockets = new Set<Socket>();
  const track = (s: Socket): void => {
    // MQTT packets are small and each one is awaited: with Nagle's algorithm a receipt sent right after a PUBACK
    // waited for the peer's delayed ACK (40 ms on Linux) and a push's delivery took twice as long.
    s.setNoDelay(true);
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  };
  const servers: (TcpServer | HttpServer)[] = [];
  const ports: Hub['ports'] = { http: 0 };
  const urls: Partial<Hub['urls']> = {};
  const local = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  let tls: Awaited<ReturnType<typeof localTls>> | undefined;
  const startedAt = Date.now();
  const logins = new DashboardLogins();
  const announce = options.dataDir !== undefined && options.announce !== false;
  const closeAll = async (): Promise<void> => {
    if (announce) removeRunningHub(options.dataDir!, process.pid, startedAt);
    for (const s of servers) s.close();
    for (const s of sockets) s.destroy();
    await ota.close();
    await broker!.close();
    await fleet.flush();
    // let the last Will publishes of closing clients reach the store before it closes
    await new Promise((r) => setImmediate(r));
    await held.settle();
    await store.persistence.destroy();
  };
  try {
    if (options.tls) {
      if (!options.dataDir) throw new EspkitError('--tls needs a data folder to keep its local CA in (--data DIR)', { code: 2 });
      tls = await localTls(options.dataDir);
    }
    if (options.mqttPort !== null) {
      const tcp = createTcpServer((s) => {
        track(s);
        aedes.handle(s);
      });
      servers.push(tcp);
      ports.mqtt = await listen(tcp, options.mqttPort ?? DEFAULT_MQTT_PORT, host, 'MQTT');
      urls.mqtt = `mqtt://${local}:${ports.mqtt}`;
    }
    if (tls) {
      const secure = createTlsServer({ cert: tls.cert, key: tls.key }, (s) => {
        track(s);
        aedes.handle(s);
      });
      servers.push(secure);
      ports.mqtts = await listen(secure, options.mqttsPort ?? DEFAULT_MQTTS_PORT, host, 'MQTT over TLS');
      urls.mqtts = `mqtts://${local}:${ports.mqtts}`;
    }
    const api = createApi({ fleet, actions: { push: (t, m, ttl) => push(t, m, { ttl }), cmd: (d, line) => publish(topic(prefix, checkDeviceId(d), 'cmd'), line) }, ota, adminPassword: credentials.adminPassword(), logins });
    const http = tls ? createHttpsServer({ cert: tls.cert, key: tls.key }, api) : createHttpServer(api);
    http.on('connection', track);
    http.on('secureConnection', track);
    const wss = new WebSocketServer({ noServer: true });
    http.on('upgrade', (req, socket, head) => {
      if (new URL(req.url ?? '/', 'http://hub').pathname !== '/mqtt') return socket.destroy();
      wss.handleUpgrade(req, socket, head, (ws) => aedes.handle(createWebSocketStream(ws), req));
    });
    servers.push(http);
    ports.http = await listen(http, options.httpPort ?? DEFAULT_HTTP_PORT, host, 'HTTP');
    urls.http = `${tls ? 'https' : 'http'}://${local}:${ports.http}`;
    urls.ws = `${tls ? 'wss' : 'ws'}://${local}:${ports.http}/mqtt`;
    if (announce) {
      writeRunningHub({
        pid: process.pid, startedAt, dataDir: options.dataDir!, host, prefix, urls: urls as Hub['urls'], ports, tls: tls !== undefined, caFile: tls?.caFile,
      });
    }
  } catch (err) {
    await closeAll();
    throw err;
  }

  const adminUrl = (kind: 'mqtt' | 'mqtts' | 'ws' | 'wss' = 'mqtt'): string => {
    const base = { mqtt: urls.mqtt, mqtts: urls.mqtts, ws: tls ? undefined : urls.ws, wss: tls ? urls.ws : undefined }[kind];
    if (!base) throw new EspkitError(`the hub has no ${kind} listener`);
    const u = new URL(base);
    u.username = 'admin';
    u.password = credentials.adminPassword();
    return u.toString();
  };

  let closing: Promise<void> | undefined;
  return {
    ports,
    urls: urls as Hub['urls'],
    ca: tls?.ca,
    caFile: tls?.caFile,
    credentials,
    prefix,
    shards,
    fleet,
    ota,
    broker,
    queues: store.stats,
    heldPushes: held,
    adminUrl,
    loginLink: () => `${urls.http}${LOGIN_PATH}?token=${logins.issue()}`,
    push,
    flush: async () => {
      await fleet.flush();
      await held.settle();
      await store.flush();
    },
    close: () => (closing ??= closeAll()),
  };
}

/** The live subscriptions of a connected client, by topic filter (aedes keeps them on the client object). */
function subscriptionsOf(client: Client): Record<string, unknown> {
  return (client as unknown as { subscriptions?: Record<string, unknown> }).subscriptions ?? {};
}

function isConnected(broker: Broker, clientId: string): boolean {
  const clients = (broker.aedes as unknown as { clients: Record<string, { connected: boolean } | undefined> }).clients;
  return clients[clientId]?.connected === true;
}

/** Whether any of the subscription filters matches `t` (MQTT 3.1.1 section 4.7: + one level, # the rest). */
export function coversTopic(filters: string[], t: string): boolean {
  const levels = t.split('/');
  return filters.some((f) => {
    const parts = f.split('/');
    for (let i = 0; i < parts.length; i++) {
      if (parts[i] === '#') return true;
      if (i >= levels.length || (parts[i] !== '+' && parts[i] !== levels[i])) return false;
    }
    return parts.length === levels.length;
  });
}
