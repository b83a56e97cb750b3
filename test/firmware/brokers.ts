// The two real brokers the firmware is tested against, each restartable on the same port:
// aedes in-process (a restart closes the listener and every connection, keeping its in-memory sessions),
// and Debian's mosquitto (a restart is a new process with the same config; sessions persist through its
// database file, written when it stops).
import { Aedes } from 'aedes';
import { createServer, type Server, type Socket } from 'node:net';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { connect } from 'node:net';

export interface TestBroker {
  name: string;
  port: number;
  url: string;
  /** Stop accepting and drop every connection (the device sees its broker vanish). */
  stop(): Promise<void>;
  /** Listen again on the same port. */
  start(): Promise<void>;
  close(): Promise<void>;
}

export interface BrokerLogin {
  username: string;
  password: string;
}

export async function startAedes(login?: BrokerLogin): Promise<TestBroker> {
  const aedes = await Aedes.createBroker({
    authenticate(_client, username, password, done) {
      if (!login) return done(null, true);
      if (username === login.username && password?.toString() === login.password) return done(null, true);
      done(Object.assign(new Error('bad username or password'), { returnCode: 4 }) as never, false);
    },
  });
  let server: Server | undefined;
  const sockets = new Set<Socket>();
  let port = 0;
  const start = async (): Promise<void> => {
    server = createServer((socket) => {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
      aedes.handle(socket);
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
      await new Promise<void>((resolve) => aedes.close(() => resolve()));
    },
  };
}

export const MOSQUITTO = ['/usr/sbin/mosquitto', '/usr/bin/mosquitto'].find((p) => existsSync(p));

async function freePort(): Promise<number> {
  const s = createServer();
  s.listen(0, '127.0.0.1');
  await once(s, 'listening');
  const port = (s.address() as { port: number }).port;
  s.close();
  await once(s, 'close');
  return port;
}

function accepting(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const c = connect(port, '127.0.0.1');
    c.once('connect', () => (c.destroy(), resolve(true)));
    c.once('error', () => resolve(false));
  });
}

export async function startMosquitto(login?: BrokerLogin): Promise<TestBroker> {
  if (!MOSQUITTO) throw new Error('mosquitto is not installed (apt-get install mosquitto)');
  const dir = mkdtempSync(join(tmpdir(), 'espkit-fw-mosquitto-'));
  const port = await freePort();
  const conf = join(dir, 'mosquitto.conf');
  // run as whoever runs the test: started as root, mosquitto would otherwise switch to its own user and
  // could not read the password file or write its database in our private temporary folder
  const lines = [`listener ${port} 127.0.0.1`, 'persistence true', `persistence_location ${dir}/`, 'log_dest none'];
  if (process.getuid?.() === 0) lines.push('user root');
  if (login) {
    // mosquitto 2 reads hashed password files; mosquitto_passwd -b writes one
    const passwd = join(dir, 'passwd');
    writeFileSync(passwd, '');
    const tool = spawn('mosquitto_passwd', ['-b', passwd, login.username, login.password], { stdio: 'ignore' });
    const [code] = (await once(tool, 'exit')) as [number];
    if (code !== 0) throw new Error('mosquitto_passwd failed');
    lines.push('allow_anonymous false', `password_file ${passwd}`);
  } else lines.push('allow_anonymous true');
  writeFileSync(conf, `${lines.join('\n')}\n`);
  let child: ChildProcess | undefined;
  const start = async (): Promise<void> => {
    const c = spawn(MOSQUITTO, ['-c', conf], { stdio: ['ignore', 'ignore', 'ignore'] });
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
    c.kill('SIGTERM');
    await once(c, 'exit');
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
