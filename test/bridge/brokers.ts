// Brokers that can be stopped and started again on the same port with their sessions kept, for the
// "no line lost through a broker restart" tests: aedes in this process (its in-memory persistence object
// outlives the broker instance, as a durable store would), Debian's mosquitto (persistence to a file
// in a temporary folder, written when it stops and read when it starts) and the espkit hub (its durable
// session store in a data folder; clients log in as its admin).
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { Aedes } from 'aedes';
import { MOSQUITTO } from '../push/mosquitto.ts';
import { startHub, type Hub } from '../../host/hub/hub.ts';
import { Credentials } from '../../host/hub/credentials.ts';

export { MOSQUITTO };

export interface RestartableBroker {
  name: string;
  /** Where clients connect, with the login they need. */
  url: string;
  port: number;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stop for good and clean up. */
  close(): Promise<void>;
  /**
   * Payloads of the serial lines the broker received from publishers, in the order it received them
   * (across restarts), where the broker lets us see that (aedes and the hub, which runs aedes).
   */
  received?: string[];
}

/** Record serial lines as an aedes instance receives them from clients. */
function recordSerial(aedes: Aedes, into: string[]): void {
  aedes.on('publish', (packet, client) => {
    if (client && packet.topic.endsWith('/serial')) into.push(packet.payload.toString());
  });
}

async function freePort(): Promise<number> {
  const s = createServer();
  s.listen(0, '127.0.0.1');
  await once(s, 'listening');
  const port = (s.address() as { port: number }).port;
  s.close();
  await once(s, 'close');
  return port;
}

async function accepting(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const c = connect(port, '127.0.0.1');
    c.once('connect', () => (c.destroy(), resolve(true)));
    c.once('error', () => resolve(false));
  });
}

async function waitAccepting(port: number, want: boolean): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if ((await accepting(port)) === want) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`port ${port} never became ${want ? 'open' : 'closed'}`);
}

export async function restartableAedes(): Promise<RestartableBroker> {
  const require = createRequire(import.meta.url);
  const memory = require('aedes-persistence') as () => unknown;
  const persistence = memory();
  const port = await freePort();
  let broker: Aedes | undefined;
  let server: Server | undefined;
  const sockets = new Set<Socket>();
  const received: string[] = [];
  const start = async (): Promise<void> => {
    broker = await Aedes.createBroker({ persistence } as Parameters<typeof Aedes.createBroker>[0]);
    const b = broker;
    recordSerial(b, received);
    server = createServer((socket) => {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
      b.handle(socket);
    });
    server.listen(port, '127.0.0.1');
    await once(server, 'listening');
  };
  const stop = async (): Promise<void> => {
    const s = server;
    const b = broker;
    server = undefined;
    broker = undefined;
    if (s) {
      const closed = once(s, 'close');
      s.close();
      for (const socket of sockets) socket.destroy();
      await closed;
    }
    if (b) await new Promise<void>((resolve) => b.close(() => resolve()));
  };
  await start();
  return { name: 'aedes', url: `mqtt://127.0.0.1:${port}`, port, start, stop, close: stop, received };
}

export async function restartableMosquitto(): Promise<RestartableBroker> {
  const binary = MOSQUITTO;
  if (!binary) throw new Error('mosquitto is not installed (apt-get install mosquitto)');
  const dir = mkdtempSync(join(tmpdir(), 'espkit-mosq-'));
  // Started as root, mosquitto drops to its own user: it must still be able to write its database here.
  chmodSync(dir, 0o777);
  const port = await freePort();
  const conf = join(dir, 'mosquitto.conf');
  writeFileSync(conf, [
    `listener ${port} 127.0.0.1`,
    'allow_anonymous true',
    'persistence true',
    `persistence_location ${dir}/`,
    '',
  ].join('\n'));
  let child: ChildProcess | undefined;
  const start = async (): Promise<void> => {
    const c = spawn(binary, ['-c', conf], { stdio: ['ignore', 'ignore', 'ignore'] });
    child = c;
    await waitAccepting(port, true);
  };
  const stop = async (): Promise<void> => {
    const c = child;
    child = undefined;
    if (c && c.exitCode === null) {
      const exited = once(c, 'exit');
      c.kill('SIGTERM');
      await exited;
    }
  };
  await start();
  return {
    name: 'mosquitto',
    url: `mqtt://127.0.0.1:${port}`,
    port,
    start,
    stop,
    close: async () => {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function restartableHub(): Promise<RestartableBroker> {
  const dir = mkdtempSync(join(tmpdir(), 'espkit-hub-bridge-'));
  const credentials = Credentials.load(dir);
  let hub: Hub | undefined = await startHub({ dataDir: dir, host: '127.0.0.1', mqttPort: 0, httpPort: 0, credentials });
  const received: string[] = [];
  recordSerial(hub.broker.aedes, received);
  const port = hub.ports.mqtt!;
  const url = hub.adminUrl('mqtt');
  const stop = async (): Promise<void> => {
    const h = hub;
    hub = undefined;
    await h?.close();
  };
  return {
    name: 'espkit hub',
    url,
    port,
    stop,
    start: async () => {
      hub = await startHub({ dataDir: dir, host: '127.0.0.1', mqttPort: port, httpPort: 0, credentials });
      recordSerial(hub.broker.aedes, received);
    },
    received,
    close: async () => {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
