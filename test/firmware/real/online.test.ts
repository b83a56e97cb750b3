// The compiled firmware on the real Espruino interpreter against a real broker: it connects, leaves its
// retained online status, takes a push addressed to it and a broadcast, and answers each with a receipt whose
// time is whole milliseconds (Date.now() has a fraction on Espruino). On aedes the login is written into the
// broker URL, as BLE provisioning stores it; on mosquitto (when installed) there is none.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import mqtt from 'mqtt';
import { realEspruino, needsRealEspruino } from '../../helpers/espruino.ts';
import { startAedes, startMosquitto, MOSQUITTO, type TestBroker } from '../../../bench/support/brokers.ts';
import { builtCode, startOnEspruino } from '../../../bench/support/firmware-harness.ts';

const DEVICE = 'esp32-real01';
const LOGIN = { username: 'esp32-real01', password: 'p@ss:word' };

interface Receipt {
  id: string;
  at: number;
}

async function pushesAndReceipts(broker: TestBroker, brokerUrl: string): Promise<void> {
  const run = startOnEspruino(realEspruino!, {
    code: await builtCode(),
    settings: { ssid: 'lab', wifiPassword: 'secret123', broker: brokerUrl, device: DEVICE, prefix: 'espkit' },
  });
  const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${broker.port}`, { clientId: 'espkit-test-host', ...(brokerUrl.includes('@') ? LOGIN : {}) });
  try {
    await run.waitFor(/^espkit mqtt connected 127\.0\.0\.1:\d+/);
    const receipts: Receipt[] = [];
    let status: { payload: string; retain: boolean } | undefined;
    let settled: () => void = () => {};
    let done = new Promise<void>((resolve) => (settled = resolve));
    client.on('message', (topic, payload, packet) => {
      if (topic.endsWith('/status')) {
        status = { payload: payload.toString(), retain: packet.retain };
        settled();
      }
      if (topic.endsWith('/receipt')) receipts.push(JSON.parse(payload.toString()) as Receipt);
      if (receipts.length === 2) settled();
    });
    await client.subscribeAsync(`espkit/${DEVICE}/receipt`, { qos: 1 });
    const sentAt = Date.now();
    await client.publishAsync(`espkit/${DEVICE}/push`, JSON.stringify({ id: 'uni1', msg: 'hello', ts: sentAt, ttl: 60 }), { qos: 1 });
    await client.publishAsync('espkit/all/push', JSON.stringify({ id: 'all1', msg: 'to all', ts: sentAt, ttl: 60 }), { qos: 1 });
    await done;
    // subscribed once the device's receipts are in, so its status (sent before them) is surely stored: it
    // arrives as the retained copy (subscribed any earlier, the live publish can arrive unflagged)
    done = new Promise<void>((resolve) => (settled = resolve));
    await client.subscribeAsync(`espkit/${DEVICE}/status`, { qos: 1 });
    await done;
    assert.equal(status!.retain, true, 'the online status is retained');
    assert.equal((JSON.parse(status!.payload) as { status: string }).status, 'online');
    assert.deepEqual(receipts.map((r) => r.id).sort(), ['all1', 'uni1']);
    for (const r of receipts) assert.ok(Number.isInteger(r.at) && r.at >= sentAt - 60_000, `a whole-millisecond time near now: ${r.at}`);
    await run.waitFor(/^espkit push uni1 hello$/);
    await run.waitFor(/^espkit push all1 to all$/);
    assert.deepEqual(run.lines.filter((l) => /Uncaught|Error/.test(l)), [], 'no error on the console');
  } finally {
    await client.endAsync();
    await run.stop();
  }
}

test('on the real interpreter, the firmware joins aedes with the login in its URL, takes a unicast and a broadcast push, and sends whole-ms receipts', { skip: needsRealEspruino, timeout: 60_000 }, async () => {
  const broker = await startAedes({ login: LOGIN });
  try {
    await pushesAndReceipts(broker, `mqtt://${LOGIN.username}:${encodeURIComponent(LOGIN.password)}@127.0.0.1:${broker.port}/`);
  } finally {
    await broker.close();
  }
});

test('on the real interpreter, the firmware joins mosquitto, takes a unicast and a broadcast push, and sends whole-ms receipts', { skip: needsRealEspruino || (MOSQUITTO ? false : 'mosquitto is not installed'), timeout: 60_000 }, async () => {
  const broker = await startMosquitto();
  try {
    await pushesAndReceipts(broker, broker.url);
  } finally {
    await broker.close();
  }
});

test('on the real interpreter, an mqtts:// broker is refused with a console line', { skip: needsRealEspruino, timeout: 60_000 }, async () => {
  const run = startOnEspruino(realEspruino!, {
    code: await builtCode(),
    settings: { ssid: 'lab', wifiPassword: 'secret123', broker: 'mqtts://127.0.0.1:8883', device: DEVICE },
  });
  try {
    const line = await run.waitFor(/^espkit mqtt broker/);
    assert.match(line, /mqtts:\/\/ needs TLS.*use mqtt:\/\/host:1883/);
    await run.waitFor(/^espkit wifi up/);
  } finally {
    await run.stop();
  }
});
