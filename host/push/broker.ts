// Reaching a broker by URL: mqtt://, mqtts://, ws://, wss://, with user:password@ for the login.
// Without --broker, the local hub is used with its admin login (read from the hub's data folder).
// Connection failures become one line that says what to do.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { EspkitError, UsageError } from '../errors.ts';
import { Credentials, ADMIN_USER } from '../hub/credentials.ts';
import { defaultDataDir, DEFAULT_MQTT_PORT } from '../hub/paths.ts';

const SCHEMES = new Set(['mqtt:', 'mqtts:', 'ws:', 'wss:']);

export interface BrokerTarget {
  url: string;
  /** PEM of a CA to trust (the hub's local CA); absent means the system's. */
  ca?: string;
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
 * Which broker to use: --broker, else $ESPKIT_BROKER, else the hub on this machine with the admin
 * login from its data folder. The CA: --ca, else $ESPKIT_CA, else the local hub's CA for a TLS URL.
 */
export function resolveBroker(options: { broker?: string; ca?: string; dataDir?: string }): BrokerTarget {
  const dataDir = options.dataDir ?? defaultDataDir();
  let url = options.broker || process.env.ESPKIT_BROKER;
  if (!url) {
    if (!existsSync(join(dataDir, 'secret'))) {
      throw new UsageError(`no broker given and no local hub in ${dataDir}: pass --broker mqtt://user:password@host:1883 or start \`espkit hub\``);
    }
    const creds = Credentials.load(dataDir);
    url = `mqtt://${ADMIN_USER}:${encodeURIComponent(creds.adminPassword())}@127.0.0.1:${DEFAULT_MQTT_PORT}`;
  }
  const u = checkBrokerUrl(url);
  const caFile = options.ca || process.env.ESPKIT_CA || (u.protocol === 'mqtts:' || u.protocol === 'wss:' ? localCa(dataDir) : undefined);
  let ca: string | undefined;
  if (caFile) {
    if (!existsSync(caFile)) throw new UsageError(`the CA file ${caFile} does not exist`);
    ca = readFileSync(caFile, 'utf8');
  }
  return { url, ca };
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
  4: 'refused the login (bad username or password): check the user:password in --broker',
  5: 'refused the login (not authorized): check the user:password in --broker',
};

/** Explain a connection failure in one line. */
export function explainConnectError(target: BrokerTarget, err: unknown): EspkitError {
  const where = redact(target.url);
  const e = err as NodeJS.ErrnoException & { code?: string | number };
  let why: string;
  if (typeof e.code === 'number' && REFUSED[e.code]) why = `the broker ${REFUSED[e.code]}`;
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
