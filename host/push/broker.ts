// Reaching a broker by URL: mqtt://, mqtts://, ws://, wss://, with user:password@ for the login.
// Without --broker, the hub running on this machine is used: its card (hub.json, host/hub/running.ts) in
// its data folder gives its listeners and CA, and the folder's secret its admin login.
// Connection failures become one line that says what to do, naming where the URL came from.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import type * as Mqtt from 'mqtt';
import type { IClientOptions, MqttClient } from 'mqtt';
import { EspkitError, UsageError } from '../../core/errors.ts';
import { Credentials, ADMIN_USER } from '../hub/credentials.ts';
import { defaultDataDir } from '../hub/paths.ts';
import { findRunningHub } from '../hub/running.ts';

// mqtt.js is about a hundred CommonJS files: Node 20 loads them in about half the time through require as
// through import (which every push, bridge and monitor --bridge waits for).
const mqtt = createRequire(import.meta.url)('mqtt') as typeof Mqtt;

const SCHEMES = new Set(['mqtt:', 'mqtts:', 'ws:', 'wss:']);

export interface BrokerTarget {
  url: string;
  /** PEM of a CA to trust (the hub's local CA); absent means the system's. */
  ca?: string;
  /** Where the URL came from, for errors: "--broker", "$ESPKIT_BROKER" or "the hub in DIR". */
  from?: string;
}

/** Check a --broker URL; a bad one is a usage error. */
export function checkBrokerUrl(url: string): URL {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new UsageError(`"${url}" is not a broker URL: use mqtt://host:1883, mqtts://, ws://host:8080/mqtt or wss:// (user:password@ before the host)`);
  }
  if (!SCHEMES.has(u.protocol)) throw new UsageError(`"${u.protocol}" brokers are not supported: use mqtt://, mqtts://, ws:// or wss://`);
  if (!u.hostname) throw new UsageError(`"${url}" has no host`);
  return u;
}

/** The URL with its password hidden, for messages. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url;
  }
}

/**
 * Which broker to use: --broker, else $ESPKIT_BROKER, else the hub running from the data folder
 * (--hub DIR, $ESPKIT_HUB, ~/.espkit/hub) with its admin login. The CA: --ca, else $ESPKIT_CA, else the
 * hub's own CA for a TLS URL.
 */
export function resolveBroker(options: { broker?: string; ca?: string; dataDir?: string }): BrokerTarget {
  const dataDir = options.dataDir ?? defaultDataDir();
  let url = options.broker || process.env.ESPKIT_BROKER;
  // commander fills --broker from $ESPKIT_BROKER too: name the one the person set
  let from = options.broker && options.broker !== process.env.ESPKIT_BROKER ? '--broker' : '$ESPKIT_BROKER';
  let hubCa: string | undefined;
  if (!url) {
    if (!existsSync(join(dataDir, 'secret'))) {
      throw new UsageError(`no broker given and no local hub in ${dataDir}: pass --broker mqtt://user:password@host:1883 or start \`espkit hub\``);
    }
    const hub = findRunningHub(dataDir);
    if (!hub) throw new UsageError(`no broker given and no hub running from ${dataDir}: start \`espkit hub\`, or pass --hub DIR (its data folder) or --broker URL`);
    hubCa = hub.caFile;
    if (hub.broker) {
      // a hub over an external broker: its card holds that broker's URL and login
      url = hub.broker;
      from = `the --broker of the hub in ${dataDir}`;
    } else {
      const base = hub.urls.mqtt ?? hub.urls.mqtts ?? hub.urls.ws;
      if (!base) throw new UsageError(`the hub in ${dataDir} has no MQTT listener: pass --broker URL`);
      const u = new URL(base);
      u.username = ADMIN_USER;
      u.password = Credentials.load(dataDir, { create: false }).adminPassword();
      url = u.toString();
      from = `the hub in ${dataDir}`;
    }
  }
  const u = checkBrokerUrl(url);
  const tlsUrl = u.protocol === 'mqtts:' || u.protocol === 'wss:';
  const caFile = options.ca || process.env.ESPKIT_CA || (tlsUrl ? hubCa ?? localCa(dataDir) : undefined);
  let ca: string | undefined;
  if (caFile) {
    if (!existsSync(caFile)) throw new UsageError(`the CA file ${caFile} does not exist`);
    ca = readFileSync(caFile, 'utf8');
  }
  return { url, ca, from };
}

function localCa(dataDir: string): string | undefined {
  const file = join(dataDir, 'tls', 'ca.pem');
  return existsSync(file) ? file : undefined;
}

export interface ConnectOptions {
  clientId?: string;
  /** Keep the session (persistent, like a device); default false. */
  persistent?: boolean;
  /** Milliseconds to wait for CONNACK; default 10000. */
  timeoutMs?: number;
  will?: IClientOptions['will'];
  /** Retry after a drop (long-running jobs); default false: fail at once. */
  reconnect?: boolean;
}

// CONNACK return codes, MQTT 3.1.1 section 3.2.2.3.
const REFUSED: Record<number, string> = {
  1: 'refused the protocol version (it needs MQTT 3.1.1)',
  2: 'refused the client id',
  3: 'is unavailable',
  4: 'refused the login (bad username or password)',
  5: 'refused the login (not authorized)',
};

/** What to do about a refused login, by where the URL came from. */
function loginAdvice(target: BrokerTarget): string {
  const from = target.from ?? '--broker';
  if (from.startsWith('the hub in ')) return `: ${from} does not accept its own admin login (was its secret replaced?); restart \`espkit hub\``;
  return `: check the user:password in ${from}`;
}

/** Explain a connection failure in one line. */
export function explainConnectError(target: BrokerTarget, err: unknown): EspkitError {
  const where = redact(target.url);
  const e = err as NodeJS.ErrnoException & { code?: string | number };
  let why: string;
  if (typeof e.code === 'number' && REFUSED[e.code]) why = `the broker ${REFUSED[e.code]}${e.code >= 4 ? loginAdvice(target) : ''}`;
  else if (e.code === 'ECONNREFUSED') why = 'nothing is listening there: start `espkit hub` or check the host and port';
  else if (e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN') why = 'the host name does not resolve';
  else if (e.code === 'ETIMEDOUT' || e.code === 'TIMEOUT') why = 'no answer in time: check the host, port and firewall';
  else if (typeof e.code === 'string' && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(e.code)) {
    why = `its certificate is not trusted (${e.code}): pass --ca with the hub's ca.pem`;
  } else why = (e.message ?? String(err)).split('\n')[0]!;
  return new EspkitError(`cannot connect to the broker ${where}: ${why}`, { cause: err });
}

/** Connect, or fail with one clear line. MQTT 3.1.1, since aedes does not speak 5. */
export async function connectBroker(target: BrokerTarget, options: ConnectOptions = {}): Promise<MqttClient> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const client = mqtt.connect(target.url, {
    protocolVersion: 4,
    clientId: options.clientId ?? `espkit-${process.pid}-${Math.random().toString(16).slice(2, 8)}`,
    clean: !options.persistent,
    connectTimeout: timeoutMs,
    reconnectPeriod: options.reconnect ? 1000 : 0,
    keepalive: 30,
    ca: target.ca,
    will: options.will,
  });
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })), timeoutMs);
      const done = (err?: Error): void => {
        clearTimeout(timer);
        client.off('connect', ok);
        client.off('error', done);
        client.off('close', closed);
        if (err) reject(err);
        else resolve();
      };
      const ok = (): void => done();
      const closed = (): void => done(Object.assign(new Error('the connection closed before the broker answered'), { code: 'ECONNRESET' }));
      client.once('connect', ok);
      client.once('error', done);
      if (!options.reconnect) client.once('close', closed);
    });
  } catch (err) {
    client.end(true);
    throw explainConnectError(target, err);
  }
  return client;
}
