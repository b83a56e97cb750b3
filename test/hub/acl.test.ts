// Logins and ACLs on the embedded broker: per-device credentials, the admin, and every refusal.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import mqtt from 'mqtt';
import { startHub, type Hub } from '../../host/hub/hub.ts';
import { connectDevice, connectError, connected } from '../../bench/support/device-client.ts';

let hub: Hub;
const logs: string[] = [];

before(async () => {
  hub = await startHub({ host: '127.0.0.1', mqttPort: 0, httpPort: 0, log: (l) => logs.push(l) });
});
after(async () => {
  await hub.close();
});

function deviceUrl(): string {
  return hub.urls.mqtt!;
}

test('a device logs in with its own derived password; wrong ones are refused with CONNACK 4', async () => {
  const dev = await connectDevice('esp32-aaaaaa', { url: deviceUrl(), password: hub.credentials.devicePassword('esp32-aaaaaa') });
  await dev.end();
  const wrong = await connectError(deviceUrl(), { clientId: 'esp32-aaaaaa', username: 'esp32-aaaaaa', password: hub.credentials.devicePassword('esp32-bbbbbb') });
  assert.equal(wrong.code, 4);
  const none = await connectError(deviceUrl(), { clientId: 'anon' });
  assert.equal(none.code, 4);
  const admin = await connectError(deviceUrl(), { clientId: 'x', username: 'admin', password: 'guess' });
  assert.equal(admin.code, 4);
  assert.ok(logs.some((l) => /refused login "admin"/.test(l)));
});

test('a device must use its id as its client id (no taking over another session)', async () => {
  const err = await connectError(deviceUrl(), { clientId: 'esp32-bbbbbb', username: 'esp32-aaaaaa', password: hub.credentials.devicePassword('esp32-aaaaaa'), clean: false });
  assert.equal(err.code, 2);
  assert.ok(logs.some((l) => /client id "esp32-bbbbbb" must be its device id/.test(l)));
});

test('a revoked device is refused', async () => {
  hub.credentials.revoke('esp32-cccccc', { force: true });
  const err = await connectError(deviceUrl(), { clientId: 'esp32-cccccc', username: 'esp32-cccccc', password: hub.credentials.devicePassword('esp32-cccccc') });
  assert.equal(err.code, 4);
});

test('a device cannot read another device\'s pushes, nor the fleet by wildcard', async () => {
  const a = await connectDevice('esp32-aaaaaa', { url: deviceUrl(), password: hub.credentials.devicePassword('esp32-aaaaaa') });
  const b = await connectDevice('esp32-bbbbbb', { url: deviceUrl(), password: hub.credentials.devicePassword('esp32-bbbbbb') });
  try {
    for (const filter of ['espkit/esp32-bbbbbb/push', 'espkit/+/push', 'espkit/#', '#', 'espkit/esp32-bbbbbb/receipt', 'espkit/esp32-aaaaaa/status']) {
      const granted = await a.client.subscribeAsync(filter, { qos: 1 }).then(
        (g) => g.map((x) => x.qos),
        (e: { packet?: { granted?: number[] } }) => e.packet?.granted,
      );
      assert.deepEqual(granted, [128], filter);
    }
    // Its own and the broadcast topics are granted.
    assert.deepEqual((await a.client.subscribeAsync(['espkit/esp32-aaaaaa/push', 'espkit/all/push'], { qos: 1 })).map((g) => g.qos), [1, 1]);

    await hub.push('esp32-bbbbbb', 'for b only');
    await b.nextPush('for b only');
    await hub.push('all', 'for everyone');
    await a.nextPush('for everyone');
    await b.nextPush('for everyone');
    assert.equal(a.pushes.filter((p) => p.msg === 'for b only').length, 0, 'a never saw b\'s push');
    // a holds the plain broadcast topic and its shard, so it gets the broadcast once per topic (the
    // contract has a device subscribe to one of them; devices deduplicate by id anyway).
    assert.equal(a.pushes.filter((p) => p.msg === 'for everyone').length, 2);
    assert.equal(b.pushes.filter((p) => p.msg === 'for everyone').length, 1);
  } finally {
    await a.end();
    await b.end();
  }
});

test('a device cannot write anything but its own status, receipt and serial', async () => {
  const watcher = await mqtt.connectAsync(hub.adminUrl(), { protocolVersion: 4, reconnectPeriod: 0 });
  const seen: string[] = [];
  watcher.on('message', (t, _p, packet) => {
    if (!packet.retain) seen.push(t); // retained statuses from earlier tests are old news
  });
  await watcher.subscribeAsync('espkit/#', { qos: 1 });
  try {
    const a = await connectDevice('esp32-aaaaaa', { url: deviceUrl(), password: hub.credentials.devicePassword('esp32-aaaaaa') });
    await a.client.publishAsync('espkit/esp32-aaaaaa/serial', 'own serial line', { qos: 1 });
    // Forging another device's status gets the connection closed (MQTT 3.1.1 has no refusal code for PUBLISH).
    const closed = new Promise<void>((resolve) => a.client.once('close', () => resolve()));
    a.client.publish('espkit/esp32-bbbbbb/status', 'offline', { qos: 1, retain: true });
    await closed;
    assert.ok(logs.some((l) => l.includes('refused publish of esp32-aaaaaa to espkit/esp32-bbbbbb/status')));
    // A push forged by a device never reaches anyone.
    const a2 = await connectDevice('esp32-aaaaaa', { url: deviceUrl(), password: hub.credentials.devicePassword('esp32-aaaaaa') });
    const closed2 = new Promise<void>((resolve) => a2.client.once('close', () => resolve()));
    a2.client.publish('espkit/all/push', JSON.stringify({ id: 'forged', msg: 'x', ts: Date.now(), ttl: 0 }), { qos: 1 });
    await closed2;
    await watcher.publishAsync('espkit/esp32-zzzzzz/cmd', 'barrier', { qos: 1 });
    await new Promise<void>((resolve) => {
      const check = (): void => (seen.includes('espkit/esp32-zzzzzz/cmd') ? resolve() : void setTimeout(check, 20));
      check();
    });
    assert.ok(seen.includes('espkit/esp32-aaaaaa/serial'));
    assert.ok(!seen.includes('espkit/esp32-bbbbbb/status'), 'the forged status was not published');
    assert.ok(!seen.includes('espkit/all/push'), 'the forged push was not published');
  } finally {
    await watcher.endAsync();
  }
});

test('the admin may publish and subscribe anywhere', async () => {
  const admin = mqtt.connect(hub.adminUrl(), { protocolVersion: 4, reconnectPeriod: 0 });
  assert.equal(await connected(admin), undefined);
  const granted = await admin.subscribeAsync(['espkit/#', 'espkit/+/receipt'], { qos: 1 });
  assert.deepEqual(granted.map((g) => g.qos), [1, 1]);
  await admin.publishAsync('espkit/esp32-aaaaaa/cmd', 'print(1)', { qos: 1 });
  await admin.endAsync();
});

test('a device publishes its own events, and its login cannot publish another device\'s', async () => {
  const a = await connectDevice('esp32-aaaaaa', { url: deviceUrl(), password: hub.credentials.devicePassword('esp32-aaaaaa') });
  await a.client.publishAsync('espkit/esp32-aaaaaa/event', '{"door":"open"}', { qos: 1 });
  // the connection is closed on the forged one (MQTT 3.1.1 has no refusal code for PUBLISH)
  const closed = new Promise<void>((resolve) => a.client.once('close', () => resolve()));
  a.client.publish('espkit/esp32-bbbbbb/event', '{"door":"forged"}', { qos: 1 });
  await closed;
  assert.ok(logs.some((l) => l.includes('refused publish of esp32-aaaaaa to espkit/esp32-bbbbbb/event')));
  // the hub took a's own event (its QoS 1 publish was acknowledged after the fleet saw it) and nothing for b
  assert.deepEqual(hub.fleet.events('esp32-aaaaaa').map((e) => e.data), [{ door: 'open' }]);
  assert.deepEqual(hub.fleet.events('esp32-bbbbbb'), []);
});
