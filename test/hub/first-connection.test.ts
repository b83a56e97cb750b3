// A device's first-ever connection: between its CONNECT and its SUBSCRIBE the broker holds no subscription for
// it, so a QoS 1 push published then matched nobody and was lost (pending forever). The hub counts the device
// online only once it subscribes to its push topic, and holds a push sent before that until the subscription
// comes. Here an mqtt.js client plays the device and subscribes only after the test has pushed, so the window
// is open for as long as the test wants, not for the tens of milliseconds a real device leaves it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import mqtt from 'mqtt';
import { startHub, type Hub } from '../../host/hub/hub.ts';
import { makePush, parsePush, topic, type PushBody } from '../../core/wire/push.ts';
import { fleetSees, delivered } from './fleet-fixture.ts';

/** A device that connects with a persistent session, answers pushes with receipts, and has not subscribed yet. */
async function bareDevice(hub: Hub, id: string): Promise<{ client: mqtt.MqttClient; pushes: PushBody[]; next(n: number): Promise<void> }> {
  const client = await mqtt.connectAsync(hub.urls.mqtt!, {
    clientId: id, username: id, password: hub.credentials.devicePassword(id), clean: false, reconnectPeriod: 0, protocolVersion: 4,
  });
  const pushes: PushBody[] = [];
  let wake: (() => void) | undefined;
  client.on('message', (_t, payload) => {
    const body = parsePush(payload);
    if (!body) return;
    pushes.push(body);
    client.publish(topic(hub.prefix, id, 'receipt'), JSON.stringify({ id: body.id, at: Date.now() }), { qos: 1 });
    wake?.();
  });
  const next = async (n: number): Promise<void> => {
    while (pushes.length < n) await new Promise<void>((resolve) => (wake = resolve));
  };
  return { client, pushes, next };
}

test('a push sent between a device\'s first CONNECT and its SUBSCRIBE is delivered once it subscribes', async () => {
  const hub = await startHub({ host: '127.0.0.1', mqttPort: 0, httpPort: 0 });
  const id = 'esp32-a00001';
  try {
    const dev = await bareDevice(hub, id);
    // the hub has seen the connection (clientReady): the device is known, so a push to it is taken...
    await fleetSees(hub, id, () => true);
    // ...but it is not reachable yet, and the fleet does not claim it is
    assert.equal(hub.fleet.device(id)?.online, false, 'online before it subscribed to its push topic');
    // one through the hub (the API and the dashboard), one published over MQTT as `espkit push` does
    const first = await hub.push(id, 'in the window 1');
    assert.equal(first.state, 'pending');
    const admin = await mqtt.connectAsync(hub.adminUrl(), { reconnectPeriod: 0 });
    const second = makePush('in the window 2');
    await admin.publishAsync(topic(hub.prefix, id, 'push'), JSON.stringify(second), { qos: 1 });
    await dev.client.subscribeAsync(topic(hub.prefix, id, 'push'), { qos: 1 });
    await fleetSees(hub, id, (online) => online);
    await dev.next(2);
    assert.deepEqual(dev.pushes.map((p) => p.msg), ['in the window 1', 'in the window 2'], 'both, in the order they were sent');
    await delivered(hub, first.id);
    await delivered(hub, second.id);
    // once subscribed, a push goes straight through as before, and nothing comes twice
    const third = await hub.push(id, 'after');
    await dev.next(3);
    await delivered(hub, third.id);
    assert.deepEqual(dev.pushes.map((p) => p.msg), ['in the window 1', 'in the window 2', 'after']);
    await admin.endAsync();
    await dev.client.endAsync();
  } finally {
    await hub.close();
  }
});

test('a push to a device that left before it ever subscribed waits for its return and its SUBSCRIBE', async () => {
  const hub = await startHub({ host: '127.0.0.1', mqttPort: 0, httpPort: 0 });
  const id = 'esp32-a00002';
  try {
    const first = await bareDevice(hub, id);
    await fleetSees(hub, id, () => true);
    await first.client.endAsync();
    // its session is kept (clean=false) but has no subscription to queue the push for
    const sent = await hub.push(id, 'while away');
    assert.equal(sent.state, 'pending');
    const back = await bareDevice(hub, id);
    await back.client.subscribeAsync(topic(hub.prefix, id, 'push'), { qos: 1 });
    await back.next(1);
    assert.equal(back.pushes[0]!.id, sent.id);
    const after = await hub.push(id, 'after');
    await back.next(2);
    await delivered(hub, after.id);
    assert.deepEqual(back.pushes.map((p) => p.msg), ['while away', 'after'], 'once each');
    await delivered(hub, sent.id);
    await back.client.endAsync();
  } finally {
    await hub.close();
  }
});
