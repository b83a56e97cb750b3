// Real brokers for tests, written once: aedes in-process and Debian's mosquitto, each on a free port of
// 127.0.0.1 and restartable on the same port (stop drops every connection, start listens again), so tests can
// take a broker away from a device or a bridge and bring it back.
import { Aedes } from 'aedes';
import { createRequire } from 'node:module';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';

const require = createRequire(import.meta.url);

export interface TestBroker {
  name: string;
  port: number;
  url: string;
  /** Stop accepting and drop every connection (clients see their broker vanish). */
  stop(): Promise<void>;
  /** Listen again on the same port. */
  start(): Promise<void>;
  /** Stop for good and clean up. */
  close(): Promise<void>;
}

export interface BrokerLogin {
  username: string;
  password: string;
}

export const MOSQUITTO = ['/usr/sbin/mosquitto', '/usr/bin/mosquitto'].find((p) => existsSync(p));

export async function freePort(): Promise<number> {
  const s = createServer();
  s.listen(0, '127.0.0.1');
  await once(s, 'listening');
  const port = (s.address() as { port: number }).port;
  s.close();
  await once(s, 'close');
  return port;
}

export function accepting(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const c = connect(port, '127.0.0.1');
    c.once('connect', () => (c.destroy(), resolve(true)));
    c.once('error', () => resolve(false));
  });
}

/** Wait (bounded: 10 s) until the port accepts connections, or stops accepting them. */
export async function waitAccepting(port: number, want: boolean): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if ((await accepting(port)) === want) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`port ${port} never became ${want ? 'open' : 'closed'}`);
}

export interface AedesOptions {
  login?: BrokerLogin;
  /** Each broker instance, for tests that watch what it receives (one per start with restartBroker). */
  onBroker?: (aedes: Aedes) => void;
  /**
   * A restart makes a new broker instance over the same in-memory persistence (as a process with a
   * durable store would come back), rather than only listening again with the same instance.
   */
  restartBroker?: boolean;
}

/** aedes in this process; a restart keeps its in-memory sessions. */
export async function startAedes(options: AedesOptions = {}): Promise<TestBroker> {
  const { login } = options;
  const persistence = require('aedes-persistence')() as unknown;
  const create = async (): Promise<Aedes> => {
    const instance = await Aedes.createBroker({
      persistence,
      authenticate(_client, username, password, done) {
        if (!login) return done(null, true);
        if (username === login.username && password?.toString() === login.password) return done(null, true);
        done(Object.assign(new Error('bad username or password'), { returnCode: 4 }) as never, false);
      },
    } as Parameters<typeof Aedes.createBroker>[0]);
    options.onBroker?.(instance);
    return instance;
  };
  let aedes: Aedes | undefined = await create();
  const closeBroker = async (): Promise<void> => {
    const b = aedes;
    aedes = undefined;
    if (b) await new Promise<void>((resolve) => b.close(() => resolve()));
  };
  let server: Server | undefined;
  const sockets = new Set<Socket>();
  let port = 0;
  const start = async (): Promise<void> => {
    aedes ??= await create();
    const b = aedes;
    server = createServer((socket) => {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
      b.handle(socket);
    });
    server.listen(port, '127.0.0.1');
    await once(server, 'listening');
    port = (server.address() as { port: number }).port;
  };
  const stop = async (): Promise<void> => {
    if (!server) return;
    const s = server;
    server = undefined;
    const closed = new Promise<void>((resolve) => s.close(() => resolve()));
    for (const socket of sockets) socket.destroy();
    await closed;
    if (options.restartBroker) await closeBroker();
  };
  await start();
  return {
    name: 'aedes',
    port,
    url: `mqtt://127.0.0.1:${port}`,
    start,
    stop,
    async close() {
      await stop();
      await closeBroker();
    },
  };
}

export interface MosquittoOptions {
  login?: BrokerLogin;
  /** Keep sessions in a database file across restarts (written when it stops). Default true. */
  persistence?: boolean;
  extraConfig?: string[];
}

/** Debian's mosquitto with a temporary config; a restart is a new process on the same port. */
export async function startMosquitto(options: MosquittoOptions = {}): Promise<TestBroker> {
  if (!MOSQUITTO) throw new Error('mosquitto is not installed (apt-get install mosquitto)');
  const binary = MOSQUITTO;
  const dir = mkdtempSync(join(tmpdir(), 'espkit-mosquitto-'));
  // Started as root, mosquitto drops to its own user unless told otherwise; either way it must be able to
  // read the password file and write its database in this private folder.
  chmodSync(dir, 0o777);
  const port = await freePort();
  const conf = join(dir, 'mosquitto.conf');
  const persistence = options.persistence ?? true;
  const lines = [`listener ${port} 127.0.0.1`, 'log_dest none'];
  lines.push(...(persistence ? ['persistence true', `persistence_location ${dir}/`] : ['persistence false']));
  if (process.getuid?.() === 0) lines.push('user root');
  if (options.login) {
    // mosquitto 2 reads hashed password files; mosquitto_passwd -b writes one
    const passwd = join(dir, 'passwd');
    writeFileSync(passwd, '');
    const tool = spawn('mosquitto_passwd', ['-b', passwd, options.login.username, options.login.password], { stdio: 'ignore' });
    const [code] = (await once(tool, 'exit')) as [number];
    if (code !== 0) throw new Error('mosquitto_passwd failed');
    lines.push('allow_anonymous false', `password_file ${passwd}`);
  } else lines.push('allow_anonymous true');
  lines.push(...(options.extraConfig ?? []));
  writeFileSync(conf, `${lines.join('\n')}\n`);
  let child: ChildProcess | undefined;
  const start = async (): Promise<void> => {
    const c = spawn(binary, ['-c', conf], { stdio: ['ignore', 'ignore', 'ignore'] });
    child = c;
    let exited = false;
    c.once('exit', () => (exited = true));
    for (let i = 0; i < 200 && !exited; i++) {
      if (await accepting(port)) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`mosquitto did not start on port ${port}`);
  };
  const stop = async (): Promise<void> => {
    const c = child;
    child = undefined;
    if (!c || c.exitCode !== null) return;
    const exited = once(c, 'exit');
    c.kill('SIGTERM');
    await exited;
  };
  await start();
  return {
    name: 'mosquitto',
    port,
    url: `mqtt://127.0.0.1:${port}`,
    start,
    stop,
    async close() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
