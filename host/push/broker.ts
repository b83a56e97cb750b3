// Reaching a broker by URL: mqtt://, mqtts://, ws://, wss://, with user:password@ for the login.
// Which broker to use when none is given (the hub running on this machine) is host/hub/broker-choice.ts.
// Connection failures become one line that says what to do, naming where the URL came from.
import { createRequire } from 'node:module';
import type * as Mqtt from 'mqtt';
import type { IClientOptions, MqttClient } from 'mqtt';
import { EspkitError, UsageError } from '../../core/errors.ts';

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
