// The bridge's other promises: commands back to the console, a broker that is down at start, a bridge
// stopped with lines still queued, a refused login, and a board that goes away and comes back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Server } from 'node:net';
import { once } from 'node:events';
import { Aedes } from 'aedes';
import { BoardConnection } from '../../host/console/board-connection.ts';
import { SerialBridge, type BridgeOptions } from '../../host/bridge/bridge.ts';
import { EspkitError } from '../../core/errors.ts';
import { restartableAedes } from '../../bench/support/hub-brokers.ts';
import { SerialPeer } from './serial-peer.ts';
import { waitFor } from './wait.ts';
import { watch, end } from './watch.ts';

const DEVICE = 'esp32-0a0b0c';

interface Rig {
  peer: SerialPeer;
  connection: BoardConnection;
  dir: string;
  options: (url: string) => BridgeOptions;
  cleanup(): Promise<void>;
}

async function rig(): Promise<Rig> {
  const dir = mkdtempSync(join(tmpdir(), 'espkit-bridge-'));
  const peer = await SerialPeer.start();
  const connection = await BoardConnection.open(peer.name, { retryMs: 100 });
  await peer.whenConnected();
  return {
    peer,
    connection,
    dir,
    options: (url) => ({ broker: { url }, device: DEVICE, prefix: 'lab/espkit', queueFile: join(dir, 'q'), reconnectMs: 100 }),
    cleanup: async () => {
      await connection.close();
      await peer.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}


test('a message on <prefix>/<device>/cmd is written to the console with a newline; serial lines come back', async () => {
  const broker = await restartableAedes();
  const r = await rig();
  const bridge = new SerialBridge(r.connection, r.options(broker.url));
  const ready = once(bridge, 'ready');
  const { client, got } = await watch(broker.url, `lab/espkit/${DEVICE}/serial`);
  try {
    await ready; // a command published before the bridge's SUBACK would not reach it
    client.publish(`lab/espkit/${DEVICE}/cmd`, 'digitalWrite(D2,1)', { qos: 1 });
    await r.peer.untilReceived('digitalWrite(D2,1)\n');
    client.publish(`lab/espkit/${DEVICE}/cmd`, 'print(42)\r', { qos: 1 });
    await r.peer.untilReceived('print(42)\r');
    assert.ok(!r.peer.received.toString().includes('print(42)\r\n'), 'no second line ending added');
    r.peer.send('>digitalWrite(D2,1)\r\n=undefined\r\n>\r\x1b[J42\r\n');
    await waitFor(() => got.length >= 3, 'the echo and answers');
    assert.deepEqual(got.slice(0, 3), ['>digitalWrite(D2,1)', '=undefined', '42']);
    assert.equal(bridge.stats.commands, 2);
  } finally {
    await end(client);
    await bridge.close();
    await r.cleanup();
    await broker.close();
  }
});

test('a broker down at start: lines wait on disk, survive a bridge restart, and go out in order when it answers', async () => {
  const broker = await restartableAedes();
  await broker.stop();
  const r = await rig();
  const first = new SerialBridge(r.connection, r.options(broker.url));
  const notes: string[] = [];
  first.on('note', (n) => notes.push(n));
  for (let i = 0; i < 20; i++) r.peer.send(`early ${i}\r\n`);
  r.peer.send('unfinished');
  await waitFor(() => first.queue.length === 20, 'the lines to be queued');
  await waitFor(() => notes.length > 0, 'a note about the broker');
  assert.match(notes[0]!, /cannot connect to the broker mqtt:\/\/127\.0\.0\.1:\d+\/?: nothing is listening there.*; queueing lines in .*q and retrying/);
  await first.close(); // the unfinished line is a line too when the bridge stops

  const second = new SerialBridge(r.connection, r.options(broker.url));
  const secondNotes: string[] = [];
  second.on('note', (n) => secondNotes.push(n));
  assert.equal(second.queue.length, 21);
  await broker.start();
  const { client, got } = await watch(broker.url, `lab/espkit/${DEVICE}/serial`);
  try {
    // the watcher may subscribe after the queue went out; the board's later lines prove the order anyway
    await waitFor(() => second.stats.published === 21, 'the queue to be published and acknowledged');
    assert.equal(second.queue.length, 0);
    r.peer.send('late\r\n');
    await waitFor(() => got.includes('late'), 'a line after the queue');
    assert.ok(secondNotes.some((n) => /21 lines from an earlier run are waiting/.test(n)), secondNotes.join(' | '));
  } finally {
    await end(client);
    await second.close();
    await r.cleanup();
    await broker.close();
  }
});

test('a refused login stops the bridge with one clear line', async () => {
  const aedes = await Aedes.createBroker({
    authenticate: (_client, _user, _pass, done) => done(Object.assign(new Error('no'), { returnCode: 4 }) as never, false),
  });
  const server: Server = createServer(aedes.handle);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as { port: number }).port;
  const r = await rig();
  const bridge = new SerialBridge(r.connection, r.options(`mqtt://someone:wrong@127.0.0.1:${port}`));
  try {
    const [err] = (await once(bridge, 'fatal')) as [EspkitError];
    assert.ok(err instanceof EspkitError);
    assert.match(err.message, /^cannot connect to the broker mqtt:\/\/someone:\*\*\*@127\.0\.0\.1:\d+\/?: the broker refused the login \(bad username or password\)/);
    assert.ok(!err.message.includes('wrong'), 'the password is not shown');
    assert.ok(!err.message.includes('\n'));
  } finally {
    await bridge.close();
    await r.cleanup();
    server.close();
    await new Promise<void>((resolve) => aedes.close(() => resolve()));
  }
});

test('bad settings are refused before anything starts', async () => {
  const r = await rig();
  try {
    assert.throws(() => new SerialBridge(r.connection, { ...r.options('mqtt://127.0.0.1:1'), device: 'Bad/Id' }), /"Bad\/Id" is not a device id/);
    assert.throws(() => new SerialBridge(r.connection, { ...r.options('mqtt://127.0.0.1:1'), device: 'all' }), /"all" is reserved/);
    assert.throws(() => new SerialBridge(r.connection, { ...r.options('mqtt://127.0.0.1:1'), prefix: 'a/#' }), /not a topic prefix/);
  } finally {
    await r.cleanup();
  }
});

test('the board unplugged mid-line: the partial line is published, the bridge waits and resumes on replug', async () => {
  const broker = await restartableAedes();
  const r = await rig();
  const bridge = new SerialBridge(r.connection, r.options(broker.url));
  const { client, got } = await watch(broker.url, `lab/espkit/${DEVICE}/serial`);
  const events: string[] = [];
  r.connection.on('lost', ({ message }) => events.push(message));
  r.connection.on('back', ({ message }) => events.push(message));
  try {
    await waitFor(() => bridge.connected, 'the bridge to connect');
    r.peer.send('before\r\ncut sho');
    await waitFor(() => got.includes('before'), 'the first line');
    await r.peer.unplug();
    await waitFor(() => got.includes('cut sho'), 'the partial line');
    assert.match(events[0]!, /^board gone \(the connection to socket:\/\/127\.0\.0\.1:\d+ closed\); waiting for socket:\/\/127\.0\.0\.1:\d+ to come back$/);
    await r.peer.replug();
    await r.peer.whenConnected();
    await waitFor(() => events.length === 2, 'the board to be back');
    assert.match(events[1]!, /^board back on socket:\/\/127\.0\.0\.1:\d+$/);
    r.peer.send('after\r\n');
    await waitFor(() => got.includes('after'), 'a line after the replug');
    assert.deepEqual(got, ['before', 'cut sho', 'after']);
  } finally {
    await end(client);
    await bridge.close();
    await r.cleanup();
    await broker.close();
  }
});
