// The hub's HTTP API and dashboard over an external broker (mosquitto, EMQX, HiveMQ...), for a fleet
// that outgrew one machine: `espkit hub --broker URL`. No embedded broker; the fleet view follows the
// contract topics through one MQTT client with the admin login given in the URL, and pushes go out
// through it. The HTTP side still asks for the hub's own admin password.
import { createServer, type Server } from 'node:http';
import { once } from 'node:events';
import type { MqttClient } from 'mqtt';
import { connectBroker, type BrokerTarget } from '../push/broker.ts';
import { Fleet, type PushView } from './fleet.ts';
import { createApi } from './http.ts';
import { DashboardLogins, LOGIN_PATH } from './login.ts';
import { EspkitError } from '../../core/errors.ts';
import { removeRunningHub, writeRunningHub } from './running.ts';
import {
  ALL, DEFAULT_PREFIX, DEFAULT_SHARDS, broadcastTopics, checkDeviceId, checkPrefix, makePush, parseTopic, topic,
} from '../../core/wire/push.ts';

export interface ExternalHubOptions {
  broker: BrokerTarget;
  /** The password the HTTP side asks for (user "admin"). */
  adminPassword: string;
  host?: string;
  httpPort?: number;
  prefix?: string;
  shards?: number;
  log?: (line: string) => void;
  /** The hub's folder: hub.json goes there while it runs, so push, bridge and credentials find this hub. */
  dataDir?: string;
  /** The CA file of the broker's certificate (--ca), for the card. */
  caFile?: string;
}

export interface ExternalHub {
  fleet: Fleet;
  client: MqttClient;
  urls: { http: string };
  /** A one-time link that logs a browser into the dashboard (good once, for 10 minutes). */
  loginLink(): string;
  push(target: string, msg: string, options?: { ttl?: number }): Promise<PushView>;
  close(): Promise<void>;
}

export async function startExternalHub(options: ExternalHubOptions): Promise<ExternalHub> {
  const prefix = checkPrefix(options.prefix ?? DEFAULT_PREFIX);
  const shards = options.shards ?? DEFAULT_SHARDS;
  const log = options.log ?? (() => {});
  const fleet = new Fleet({ log });
  const client = await connectBroker(options.broker, { reconnect: true });
  client.on('offline', () => log('lost the broker; reconnecting'));
  client.on('reconnect', () => log('reconnecting to the broker'));
  client.on('message', (t, payload, packet) => {
    const p = parseTopic(prefix, t);
    if (!p) return;
    if (p.kind === 'status') fleet.onStatus(p.device, payload, !packet.retain);
    else if (p.kind === 'receipt') fleet.onReceipt(p.device, payload);
    else if (p.kind === 'serial') fleet.onSerial(p.device, payload);
    else if (p.kind === 'event') fleet.onEvent(p.device, payload);
    else if (p.kind === 'push' && p.shard === undefined) fleet.onPush(p.device, payload);
  });
  await client.subscribeAsync(['status', 'receipt', 'serial', 'event', 'push'].map((k) => `${prefix}/+/${k}`), { qos: 1 });

  const publish = async (t: string, payload: string): Promise<void> => {
    await client.publishAsync(t, payload, { qos: 1 });
  };
  async function push(target: string, msg: string, o: { ttl?: number } = {}): Promise<PushView> {
    if (target !== ALL) checkDeviceId(target);
    const body = makePush(msg, o);
    fleet.onPush(target, body);
    const payload = JSON.stringify(body);
    await Promise.all((target === ALL ? broadcastTopics(prefix, shards) : [topic(prefix, target, 'push')]).map((t) => publish(t, payload)));
    return fleet.push(body.id)!;
  }

  const logins = new DashboardLogins();
  const api = createApi({
    fleet,
    adminPassword: options.adminPassword,
    logins,
    actions: { push: (t, m, ttl) => push(t, m, { ttl }), cmd: (d, line) => publish(topic(prefix, checkDeviceId(d), 'cmd'), line) },
  });
  const http: Server = createServer(api);
  const host = options.host ?? '0.0.0.0';
  http.listen(options.httpPort ?? 8080, host);
  try {
    await once(http, 'listening');
  } catch (err) {
    client.end(true);
    throw new EspkitError(`cannot listen for HTTP on ${host}:${options.httpPort}: ${(err as Error).message}`, { cause: err });
  }
  const port = (http.address() as { port: number }).port;
  const local = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  const startedAt = Date.now();
  const { dataDir } = options;
  if (dataDir !== undefined) {
    writeRunningHub({
      pid: process.pid, startedAt, dataDir, host, prefix, urls: { http: `http://${local}:${port}` }, ports: { http: port },
      tls: false, broker: options.broker.url, caFile: options.caFile,
    });
  }
  return {
    fleet,
    client,
    urls: { http: `http://${local}:${port}` },
    loginLink: () => `http://${local}:${port}${LOGIN_PATH}?token=${logins.issue()}`,
    push,
    async close() {
      if (dataDir !== undefined) removeRunningHub(dataDir, process.pid, startedAt);
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await client.endAsync();
    },
  };
}
