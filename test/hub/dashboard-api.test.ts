// What the dashboard reads besides pushes: which devices have a bridge (seen from its cmd subscription),
// console lines refused with the reason when none is connected, one-time login links, and a device's
// last-seen time announced while it talks.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import mqtt, { type MqttClient } from 'mqtt';
import { startHub, type Hub } from '../../host/hub/hub.ts';
import type { DeviceView } from '../../host/hub/fleet.ts';
import { connectDevice } from '../../bench/support/device-client.ts';

let hub: Hub;
let auth: string;

before(async () => {
  hub = await startHub({ host: '127.0.0.1', mqttPort: 0, httpPort: 0 });
  auth = `Basic ${Buffer.from(`admin:${hub.credentials.adminPassword()}`).toString('base64')}`;
});
after(async () => {
  await hub.close();
});

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = { authorization: auth }): Promise<{ status: number; json: any }> {
  const res = await fetch(`${hub.urls.http}${path}`, {
    method,
    redirect: 'manual',
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

async function until<T>(fn: () => T | undefined | Promise<T | undefined>, what: string, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** An admin client that does what a bridge does on the broker: subscribe to the device's cmd topic. */
async function fakeBridge(device: string): Promise<{ client: MqttClient; got: string[] }> {
  const client = await mqtt.connectAsync(hub.adminUrl('mqtt'), { clean: true, reconnectPeriod: 0 });
  const got: string[] = [];
  client.on('message', (_t, payload) => got.push(payload.toString()));
  await client.subscribeAsync(`espkit/${device}/cmd`, { qos: 1 });
  return { client, got };
}

const bridgeOf = (id: string): boolean | undefined => hub.fleet.device(id)?.bridge;

test('a console line with no bridge connected is refused with the reason; with one, it reaches the bridge', async () => {
  const dev = await connectDevice('esp32-d00001', { url: hub.urls.mqtt!, password: hub.credentials.devicePassword('esp32-d00001') });
  try {
    const listed = ((await call('GET', '/api/devices')).json as DeviceView[]).find((d) => d.id === 'esp32-d00001');
    assert.equal(listed?.bridge, false);
    const refused = await call('POST', '/api/devices/esp32-d00001/cmd', { line: 'print(1)' });
    assert.equal(refused.status, 409);
    assert.match(refused.json.error, /^no bridge for esp32-d00001 is connected, so nothing would reach its console: run `espkit bridge --device esp32-d00001`/);

    // A wildcard watcher is not a bridge.
    const watcher = await mqtt.connectAsync(hub.adminUrl('mqtt'), { clean: true, reconnectPeriod: 0 });
    await watcher.subscribeAsync('espkit/+/cmd', { qos: 1 });
    assert.equal(bridgeOf('esp32-d00001'), false);

    const bridge = await fakeBridge('esp32-d00001');
    await until(() => (bridgeOf('esp32-d00001') ? true : undefined), 'the bridge to be seen');
    assert.equal((await call('POST', '/api/devices/esp32-d00001/cmd', { line: 'print(2)' })).status, 202);
    await until(() => (bridge.got.includes('print(2)') ? true : undefined), 'the line at the bridge');

    // A second bridge and the first one leaving: still bridged; the last one leaving: not.
    const second = await fakeBridge('esp32-d00001');
    await bridge.client.unsubscribeAsync('espkit/esp32-d00001/cmd');
    await bridge.client.endAsync();
    assert.equal(bridgeOf('esp32-d00001'), true);
    second.client.stream.destroy(); // gone without a DISCONNECT
    await until(() => (bridgeOf('esp32-d00001') === false ? true : undefined), 'the bridge to be gone');
    assert.equal((await call('POST', '/api/devices/esp32-d00001/cmd', { line: 'print(3)' })).status, 409);
    await watcher.endAsync();
  } finally {
    await dev.end();
  }
});

test('a bridge for a device the hub has not seen yet makes it appear, bridged', async () => {
  const bridge = await fakeBridge('esp32-d00002');
  try {
    const d = await until(() => hub.fleet.device('esp32-d00002'), 'the device');
    assert.deepEqual({ online: d.online, bridge: d.bridge }, { online: false, bridge: true });
  } finally {
    await bridge.client.endAsync();
  }
});

test('a one-time login link gives a session cookie once; the link then fails and a made-up cookie does not pass', async () => {
  const link = new URL(hub.loginLink());
  assert.equal(link.pathname, '/login');
  const res = await fetch(link, { redirect: 'manual' });
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), '/');
  const cookie = res.headers.get('set-cookie')!;
  assert.match(cookie, /^espkit_session=[A-Za-z0-9_-]{32}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=\d+$/);
  const session = cookie.split(';')[0]!;
  assert.equal((await call('GET', '/api/devices', undefined, { cookie: session })).status, 200);
  const page = await fetch(`${hub.urls.http}/`, { headers: { cookie: session } });
  assert.equal(page.status, 200);
  assert.match(await page.text(), /<title>espkit hub<\/title>/);

  const again = await fetch(link, { redirect: 'manual' });
  assert.equal(again.status, 401);
  assert.match((await again.json()).error, /used already or has expired/);
  assert.equal((await call('GET', '/api/devices', undefined, { cookie: 'espkit_session=made-up' })).status, 401);
  assert.equal((await fetch(`${hub.urls.http}/login?token=`, { redirect: 'manual' })).status, 401);
});

test('a device that talks has its last-seen time announced (at most once a second), not only when it connects', async () => {
  const dev = await connectDevice('esp32-d00003', { url: hub.urls.mqtt!, password: hub.credentials.devicePassword('esp32-d00003') });
  const seen: number[] = [];
  const onDevice = (d: DeviceView): void => void (d.id === 'esp32-d00003' && d.lastSeen !== null && seen.push(d.lastSeen));
  hub.fleet.on('device', onDevice);
  try {
    const first = hub.fleet.device('esp32-d00003')!.lastSeen!;
    await until(() => (Date.now() - first > 1100 ? true : undefined), 'a second to pass');
    for (let i = 0; i < 20; i++) await dev.client.publishAsync('espkit/esp32-d00003/serial', `line ${i}`, { qos: 1 });
    await until(() => (seen.some((t) => t > first) ? true : undefined), 'a newer last-seen time');
    assert.ok(seen.length < 20, `announced ${seen.length} times for 20 lines: once per line`);
  } finally {
    hub.fleet.off('device', onDevice);
    await dev.end();
  }
});
