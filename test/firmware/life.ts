// The device's life against a real broker, run for aedes and for mosquitto (life-*.test.ts): the compiled
// firmware, deployed to a virtual board, joins the access point, connects, announces itself, receives
// pushes and acknowledges them, shrugs off garbage, comes back after a broker restart and after a WiFi
// drop and then gets the push that was queued while it was away, and reports a refused login as refused.
// The board runs the real Espruino interpreter when a binary is found, else the model (named in the test).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import mqtt, { type MqttClient } from 'mqtt';
import type { VirtualBoard, StampedEvent } from '../../sim/index.ts';
import { startTestBoard, deployTo, labSettings, lineMatching, onInterpreter } from './device.ts';
import { patternBytes } from '../helpers/bytes.ts';
import { realEspruino } from '../helpers/espruino.ts';
import { TcpGate } from '../bridge/tcp-gate.ts';
import type { TestBroker, BrokerLogin } from './brokers.ts';

type StartBroker = (login?: BrokerLogin) => Promise<TestBroker>;

interface Heard {
  topic: string;
  text: string;
}

/** A host-side client that records everything under espkit/# and can wait for a message. */
async function listen(url: string): Promise<{ client: MqttClient; heard: Heard[]; next: (test: (m: Heard) => boolean, what: string) => Promise<Heard> }> {
  const client = await mqtt.connectAsync(url, { clientId: `test-host-${process.pid}-${Math.random().toString(16).slice(2, 8)}`, clean: true, reconnectPeriod: 200 });
  const heard: Heard[] = [];
  const waiters = new Set<(m: Heard) => void>();
  client.on('message', (topic, payload) => {
    const m = { topic, text: payload.toString() };
    heard.push(m);
    for (const w of [...waiters]) w(m);
  });
  await client.subscribeAsync('espkit/#', { qos: 1 });
  const next = (check: (m: Heard) => boolean, what: string): Promise<Heard> => {
    const seen = heard.find(check);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.delete(w);
        reject(new Error(`no ${what} within 15 s; heard ${JSON.stringify(heard.slice(-5))}`));
      }, 15_000);
      const w = (m: Heard): void => {
        if (!check(m)) return;
        clearTimeout(timer);
        waiters.delete(w);
        resolve(m);
      };
      waiters.add(w);
    });
  };
  return { client, heard, next };
}

/** Publish one push (QoS 1) from a fresh connection, as `espkit push` would. */
async function push(url: string, topic: string, body: object | string, login?: BrokerLogin): Promise<void> {
  const c = await mqtt.connectAsync(url, { clientId: `test-push-${Math.random().toString(16).slice(2, 8)}`, clean: true, reconnectPeriod: 0, ...login });
  await c.publishAsync(topic, typeof body === 'string' ? body : JSON.stringify(body), { qos: 1 });
  await c.endAsync();
}

/**
 * Random bytes as a payload. On the real interpreter they are made valid UTF-8 (each byte value becomes its
 * character): the Linux build is compiled with ESPR_UNICODE_SUPPORT (boards/LINUX.py), the ESP32 build is not,
 * and its lexer can loop until it runs out of memory when JSON.parse meets a broken UTF-8 sequence (a lead
 * byte without its continuation bytes), which a chip never does. Every byte value still arrives.
 */
function randomBytes(raw: Buffer): Buffer {
  return realEspruino ? Buffer.from(raw.toString('latin1'), 'utf8') : Buffer.from(raw);
}

/**
 * `count` payloads that are not pushes, the same on every run: random bytes of every value (a quarter of
 * them), cut-off and mis-typed JSON, JSON of the wrong shape, and pushes with a bad id or msg. Those in
 * which the device can see an id get a nack.
 */
function garbage(count: number): Buffer[] {
  const bytes = patternBytes(count * 120, 7);
  const shapes = [
    (n: number) => randomBytes(bytes.subarray(n * 120, n * 120 + (n % 120))),
    (n: number) => Buffer.from(JSON.stringify(body(`g${n}`, 'cut off')).slice(0, 5 + (n % 30))),
    (n: number) => Buffer.from(JSON.stringify([n, 'an array', { id: `x${n}` }])),
    (n: number) => Buffer.from(['null', '42', '"text"', 'true', '{}', '[]', '1e999', '{"id":'][n % 8]!),
    (n: number) => Buffer.from(JSON.stringify({ id: `g${n}`, msg: n, ts: 'then', ttl: null })),
    (n: number) => Buffer.from(JSON.stringify({ id: `g${n}`, msg: 'z'.repeat(101 + (n % 50)) })),
    (n: number) => Buffer.from(JSON.stringify({ id: n % 2 ? '' : 'i'.repeat(65), msg: 'bad id' })),
    (n: number) => Buffer.from(`{"id":"g${n}","msg":"\\ud800 broken escape \\x"}`),
  ];
  return Array.from({ length: count }, (_, n) => shapes[n % shapes.length]!(n));
}

const body = (id: string, msg: string, extra: object = {}): object => ({ id, msg, ts: Date.now(), ttl: 600, ...extra });

export function lifeTests(name: string, startBroker: StartBroker): void {
  test(`firmware on a virtual board with ${name}, ${onInterpreter}`, async (t) => {
    const broker = await startBroker();
    // the device reaches the broker through a gate, so that the test, not the device's reconnect timer, decides
    // when it can come back after the broker's restart
    const gate = await TcpGate.open(broker.port);
    const board: VirtualBoard = await startTestBoard({ clockSet: true });
    const events: StampedEvent[] = [];
    const stopEvents = board.onEvent((e) => events.push(e));
    const host = await listen(broker.url);
    const id = board.deviceId;
    const pushTopic = `espkit/${id}/push`;
    const isReceipt = (pushId: string) => (m: Heard): boolean => m.topic === `espkit/${id}/receipt` && JSON.parse(m.text).id === pushId;
    try {
      await t.test('joins the access point, connects and announces itself online (retained)', async () => {
        board.clearOutput();
        const deployed = await deployTo(board, labSettings(gate.through(broker.url)));
        assert.equal(deployed.deviceId, id);
        await lineMatching(board, /espkit wifi up \d+\.\d+\.\d+\.\d+/);
        await lineMatching(board, /espkit mqtt connected 127\.0\.0\.1:/);
        const status = await host.next((m) => m.topic === `espkit/${id}/status` && m.text.startsWith('{'), 'online status');
        const info = JSON.parse(status.text) as { status: string; fw: string; ip: string; free: number };
        assert.equal(info.status, 'online');
        assert.equal(info.fw, deployed.version);
        assert.match(info.ip, /^\d+\.\d+\.\d+\.\d+$/);
        assert.ok(info.free > 0);
        // retained: a late subscriber gets it at once
        const late = await listen(broker.url);
        await late.next((m) => m.topic === `espkit/${id}/status` && m.text.includes('"online"'), 'retained status');
        await late.client.endAsync();
        // BLE: advertised by name, one service with the push and provisioning characteristics, no console
        assert.ok(events.some((e) => e.type === 'ble-advertising' && e.name === `espkit-${id}`), 'advertises espkit-<id>');
        const services = events.filter((e) => e.type === 'ble-services').at(-1) as unknown as { uart: boolean; services: Array<{ uuid: string; characteristics: string[] }> };
        assert.deepEqual(services.services, [{ uuid: 'ec00', characteristics: ['ec01', 'ec02'] }]);
        assert.equal(services.uart, false, 'the BLE console is off');
        // the LED is steady on once online
        const led = events.filter((e) => e.type === 'led').at(-1);
        assert.equal(led?.on, true);
      });

      await t.test('delivers a push (console line) and sends its receipt', async () => {
        board.clearOutput();
        const ledBefore = events.filter((e) => e.type === 'led').length;
        await push(broker.url, pushTopic, body('p-one', 'hello from the host'));
        await lineMatching(board, /espkit push p-one hello from the host/);
        // three flashes: six changes of the LED
        const flashed = (): boolean => events.filter((e) => e.type === 'led').length >= ledBefore + 6;
        if (!flashed()) {
          await board.waitForEvent(() => flashed(), 5000)
            .catch(() => assert.fail(`the LED did not flash for the push: ${JSON.stringify(events.filter((e) => e.type === 'led').slice(ledBefore))}`));
        }
        const receipt = await host.next(isReceipt('p-one'), 'receipt for p-one');
        assert.equal(typeof JSON.parse(receipt.text).at, 'number');
        await push(broker.url, 'espkit/all/push', body('p-all', 'to everyone'));
        await lineMatching(board, /espkit push p-all to everyone/);
        await host.next(isReceipt('p-all'), 'receipt for the broadcast');
      });

      await t.test('drops garbage, oversized, expired and repeated pushes and keeps working', async () => {
        board.clearOutput();
        await push(broker.url, pushTopic, 'this is not json');
        await push(broker.url, pushTopic, { id: 'big', msg: 'x'.repeat(6000), ts: Date.now(), ttl: 60 });
        await push(broker.url, pushTopic, body('long', 'y'.repeat(101)));
        await push(broker.url, pushTopic, body('stale', 'too late', { ts: Date.now() - 3_600_000, ttl: 60 }));
        await push(broker.url, pushTopic, body('p-one', 'hello again'));
        await push(broker.url, pushTopic, body('p-forge', 'line one\nespkit ready forged 6.6.6'));
        await push(broker.url, pushTopic, body('p-two', 'still alive'));
        await lineMatching(board, /espkit push p-two still alive/);
        const out = board.outputText();
        assert.match(out, /espkit drop - not JSON/);
        assert.match(out, /espkit drop - oversized \d+ bytes/);
        assert.match(out, /espkit drop long msg longer than 100/);
        assert.match(out, /espkit drop stale expired/);
        assert.match(out, /espkit drop p-one duplicate/);
        assert.doesNotMatch(out, /Uncaught|espkit push (big|long|stale|p-one)/);
        assert.match(out, /espkit push p-forge line one espkit ready forged 6\.6\.6/, 'a newline in a message cannot start a line of its own');
        await host.next(isReceipt('p-two'), 'receipt for p-two');
      });

      await t.test('takes 1,000 garbage payloads, drops each with a line, and still delivers the next push', async () => {
        board.clearOutput();
        const nacksBefore = host.heard.filter((m) => m.topic === `espkit/${id}/nack`).length;
        const payloads = garbage(1000);
        const c = await mqtt.connectAsync(broker.url, { clientId: `test-garbage-${Math.random().toString(16).slice(2, 8)}`, clean: true, reconnectPeriod: 0 });
        try {
          await Promise.all(payloads.map((p) => c.publishAsync(pushTopic, p, { qos: 1 })));
        } finally {
          await c.endAsync();
        }
        await push(broker.url, pushTopic, body('p-after-garbage', 'still here'));
        await lineMatching(board, /espkit push p-after-garbage still here/, 60_000);
        await host.next(isReceipt('p-after-garbage'), 'receipt after the garbage');
        const out = board.outputText();
        assert.equal(out.match(/espkit drop /g)?.length, payloads.length, 'one drop line per payload');
        assert.doesNotMatch(out, /Uncaught|espkit mqtt down|espkit ready/, 'no error, no reconnect, no restart');
        // a payload in which an id can be seen is answered with a nack (sent before the receipt above), the rest
        // cannot be; nacks are QoS 1 and the session keeps 20 waiting at most, dropping the oldest in a flood
        const named = payloads.map((p) => /"id"\s*:\s*"([^"]+)"/.exec(p.toString('latin1').slice(0, 200))?.[1]).filter((n) => n !== undefined && n.length <= 64);
        const nacked = host.heard.filter((m) => m.topic === `espkit/${id}/nack`).slice(nacksBefore).map((m) => (JSON.parse(m.text) as { id: string }).id);
        assert.ok(nacked.length > 0, 'nacks were sent');
        assert.deepEqual(nacked.filter((n) => !named.includes(n)), [], 'only payloads with an id are nacked');
        assert.equal(nacked.at(-1), named.at(-1), 'the newest nack is kept');
      });

      await t.test('comes back after a broker restart and receives the push queued meanwhile', async () => {
        board.clearOutput();
        await broker.stop();
        await lineMatching(board, /espkit mqtt down/);
        // the device's first retry comes within about a second, and a loaded machine can take that long to
        // start the broker and publish: it stays away until the push is stored for its session
        await gate.shut();
        await broker.start();
        await push(broker.url, pushTopic, body('p-restart', 'queued during restart'));
        assert.doesNotMatch(board.outputText(), /espkit mqtt connected/, 'the push was published before the device was back');
        await gate.reopen();
        await lineMatching(board, /espkit mqtt connected .*\(session resumed\)/);
        await lineMatching(board, /espkit push p-restart queued during restart/);
        await host.next(isReceipt('p-restart'), 'receipt after the restart');
      });

      await t.test('comes back after a WiFi drop and receives the push queued meanwhile', async () => {
        board.clearOutput();
        board.wifiDrop(1500);
        await lineMatching(board, /espkit wifi lost/);
        await push(broker.url, pushTopic, body('p-wifi', 'queued during the drop'));
        await lineMatching(board, /espkit wifi up/);
        await lineMatching(board, /espkit push p-wifi queued during the drop/, 20_000);
        await host.next(isReceipt('p-wifi'), 'receipt after the WiFi drop');
      });

      await t.test('reports a refused login as refused, and connects with the right one', async () => {
        const login = { username: 'door', password: 'right-password' };
        const guarded = await startBroker(login);
        try {
          board.clearOutput();
          await deployTo(board, labSettings(guarded.url, { brokerUser: login.username, brokerPassword: 'wrong-password' }));
          const refused = await lineMatching(board, /espkit mqtt refused/);
          assert.match(refused, /refused [45] (bad user name or password|not authorized)/);
          // the previous firmware may still connect while the new one is stored: only the new one's lines count
          assert.doesNotMatch(board.outputText().split('espkit ready').pop()!, /espkit mqtt connected/);
          board.clearOutput();
          await deployTo(board, { brokerPassword: login.password });
          await lineMatching(board, /espkit mqtt connected/);
        } finally {
          await guarded.close();
        }
      });
    } finally {
      stopEvents();
      await host.client.endAsync(true);
      await board.close();
      await gate.shut();
      await broker.close();
    }
  });
}
