// The hub's side of firmware over WiFi against devices that follow the contract (bench/support/ota-device.ts):
// a fleet updated through the hub with a canary first, a rollout that stops at its failure limit, a device
// away during the rollout that takes it on return, and the ACL that keeps manifests and chunks the admin's.
import { test, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import mqtt from 'mqtt';
import { startHub, type Hub } from '../../host/hub/hub.ts';
import { makeImage } from '../../host/ota/image.ts';
import { connectOtaDevice, type OtaDevice, type OtaDeviceOptions } from '../../bench/support/ota-device.ts';
import { parseManifest, type OtaManifest } from '../../core/wire/ota.ts';
import { patternBytes } from '../helpers/bytes.ts';

// A hub of its own for each test: a manifest retained by one would reach the devices of the next.
let hub: Hub;
beforeEach(async () => {
  hub = await startHub({ host: '127.0.0.1', mqttPort: 0, httpPort: 0 });
});
afterEach(async () => {
  await hub.close();
});

function device(id: string, more: Partial<OtaDeviceOptions> = {}): Promise<OtaDevice> {
  return connectOtaDevice(id, { url: hub.urls.mqtt!, password: hub.credentials.devicePassword(id), version: '1.0.0', ...more });
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 400 && !check(); i++) await new Promise((r) => setTimeout(r, 50));
  assert.ok(check(), `${what} within 20 s`);
}

async function fleetOf(prefix: string, n: number, more: Partial<OtaDeviceOptions> = {}): Promise<OtaDevice[]> {
  const devices = await Promise.all(Array.from({ length: n }, (_, i) => device(`${prefix}-${String(i).padStart(2, '0')}`, more)));
  await until(() => devices.every((d) => hub.fleet.device(d.id)?.online === true), 'every device online at the hub');
  return devices;
}

test('a fleet of 20 is updated: the canary first, then the rest, with the counts along the way', async () => {
  const seen: OtaManifest[] = [];
  const devices = await fleetOf('fleet', 20, { onManifest: (m) => m && seen.push(m) });
  const image = makeImage(patternBytes(5000), '2.0.0');
  const views: string[] = [];
  hub.ota.on('rollout', (v) => views.push(v.stage));
  await hub.ota.start({ image, target: 'all', canary: { percent: 5 }, maxFailures: { percent: 10 }, tickMs: 50 });
  const end = await hub.ota.finished();
  assert.equal(end?.stage, 'done', end?.outcome ?? '');
  assert.deepEqual(end?.counts, { total: 20, updated: 20, inProgress: 0, waiting: 0, failed: 0, rolledBack: 0, offline: 0 });
  for (const d of devices) assert.equal(d.version(), '2.0.0', d.id);
  // 5% of 20 is one canary, named alone in the first manifest; the rest came after it confirmed
  assert.deepEqual(end?.canary, ['fleet-00']);
  assert.deepEqual(seen.find((m) => m.version === '2.0.0')?.targets, ['fleet-00']);
  assert.equal(seen.filter((m) => m.version === '2.0.0').at(-1)?.targets, 'all');
  assert.ok(views.indexOf('rest') > views.indexOf('canary'), views.join(','));
  // every device reported progress at the start, verified, tried, confirmed
  assert.deepEqual(devices[5]!.states.map((s) => s.state), ['downloading', 'downloading', 'verifying', 'trial', 'updated']);
  assert.equal(devices[5]!.states[1]!.have, 4096);
  await Promise.all(devices.map((d) => d.end()));
});

test('a firmware that throws at boot is rolled back on the canary, and the rollout stops there', async () => {
  const devices = await fleetOf('bad', 10, { failsAtBoot: 'Uncaught Error: boom' });
  const before = hub.ota.stats.chunks;
  await hub.ota.start({ image: makeImage(patternBytes(3000, 7), '3.0.0'), target: 'all', canary: { count: 2 }, maxFailures: { count: 1 }, tickMs: 50 });
  const end = await hub.ota.finished();
  assert.equal(end?.stage, 'stopped');
  assert.match(end?.outcome ?? '', /2 failed or rolled back, over the limit of 1/);
  assert.equal(end?.counts.rolledBack, 2);
  assert.equal(end?.devices.find((d) => d.id === 'bad-00')?.reason, 'Uncaught Error: boom');
  // only the canaries downloaded (3 chunks each), and the manifest was taken back
  assert.equal(hub.ota.stats.chunks - before, 6);
  for (const d of devices.slice(2)) assert.equal(d.states.length, 0, d.id);
  assert.equal(await retainedManifest(), undefined, 'no manifest retained after the stop');
  await Promise.all(devices.map((d) => d.end()));
});

test('a device away during the rollout takes the retained manifest when it returns', async () => {
  const away = await device('away-1');
  await until(() => hub.fleet.device('away-1')?.online === true, 'away-1 online');
  await away.client.endAsync(true); // gone without a word: its Will says offline
  await until(() => hub.fleet.device('away-1')?.online === false, 'away-1 offline');
  const present = await fleetOf('here', 3);
  await hub.ota.start({ image: makeImage(patternBytes(2500, 3), '4.0.0'), target: 'all', canary: { count: 0 }, tickMs: 50 });
  const end = await hub.ota.finished();
  assert.equal(end?.stage, 'done');
  assert.match(end?.outcome ?? '', /1 offline device\(s\) take it when they return/);
  assert.equal(end?.devices.find((d) => d.id === 'away-1')?.online, false);
  const back = await device('away-1');
  await back.reaches('4.0.0');
  await until(() => hub.ota.deviceStates().find((s) => s.device === 'away-1')?.state === 'updated', 'its updated state at the hub');
  await Promise.all([...present, back].map((d) => d.end()));
});

test('only the admin may publish manifests and chunks; a device writes only its own requests and state', async () => {
  const id = 'acl-dev';
  const c = await mqtt.connectAsync(hub.urls.mqtt!, { clientId: id, username: id, password: hub.credentials.devicePassword(id), protocolVersion: 4, reconnectPeriod: 0 });
  const watcher = await mqtt.connectAsync(hub.adminUrl(), { protocolVersion: 4, reconnectPeriod: 0 });
  const arrived: string[] = [];
  watcher.on('message', (t, _p, packet) => {
    if (!packet.retain) arrived.push(t);
  });
  await watcher.subscribeAsync(['espkit/ota/manifest', 'espkit/+/ota/#'], { qos: 1 });
  try {
    const granted = async (filter: string): Promise<number | undefined> =>
      (await c.subscribeAsync(filter, { qos: 1 }).then((g) => g, (e: { packet?: { granted?: number[] } }) => e.packet?.granted?.map((qos) => ({ qos })) ?? []))[0]?.qos;
    assert.equal(await granted('espkit/ota/manifest'), 1);
    assert.equal(await granted(`espkit/${id}/ota/chunk`), 1);
    assert.equal(await granted('espkit/other-dev/ota/chunk'), 128);
    assert.equal(await granted('espkit/+/ota/state'), 128);
    await c.endAsync(true);
    // the refused publishes close the connection (MQTT 3.1.1 has no PUBACK error), so each goes on a fresh one
    // (the same client id: a device may use no other)
    const fake = JSON.stringify({ version: '6.6.6', size: 1, crc: 0, chunk: 1024, trial: 60000, targets: 'all' });
    for (const [t, payload] of [['espkit/ota/manifest', fake], [`espkit/${id}/ota/chunk`, '6.6.6 0\nx'], ['espkit/other-dev/ota/state', '{}'], ['espkit/other-dev/ota/get', '{}']] as const) {
      const d = await mqtt.connectAsync(hub.urls.mqtt!, { clientId: id, username: id, password: hub.credentials.devicePassword(id), protocolVersion: 4, reconnectPeriod: 0 });
      const closed = new Promise<void>((r) => d.once('close', () => r()));
      await Promise.race([d.publishAsync(t, payload, { qos: 1, retain: true }).catch(() => undefined), closed]);
      await d.endAsync(true);
    }
    const ok = await mqtt.connectAsync(hub.urls.mqtt!, { clientId: id, username: id, password: hub.credentials.devicePassword(id), protocolVersion: 4, reconnectPeriod: 0 });
    await ok.publishAsync(`espkit/${id}/ota/state`, JSON.stringify({ v: '1.0.0', state: 'failed', reason: 'test' }), { qos: 1 });
    await until(() => arrived.includes(`espkit/${id}/ota/state`), 'its own state at the hub');
    assert.deepEqual(arrived, [`espkit/${id}/ota/state`], 'nothing else went through');
    assert.equal(await retainedManifest(), undefined);
    await ok.endAsync(true);
  } finally {
    await c.endAsync(true);
    await watcher.endAsync(true);
  }
});

test('the HTTP API: a rollout request with a bad field is one line and a 400; GET shows the devices\' states', async () => {
  const auth = `Basic ${Buffer.from(`admin:${hub.credentials.adminPassword()}`).toString('base64')}`;
  const post = (body: unknown): Promise<Response> => fetch(`${hub.urls.http}/api/ota`, { method: 'POST', headers: { authorization: auth }, body: JSON.stringify(body) });
  const image = Buffer.from('print("hi")').toString('base64');
  for (const [body, error] of [
    [{ image }, /give the firmware's "version"/],
    [{ version: '1 2', image }, /without spaces/],
    [{ version: '5.0.0', image, canary: 'many' }, /canary "many" must be a percentage/],
    [{ version: '5.0.0', image, target: 'No/Such' }, /is not a device id/],
    [{ version: '5.0.0', image, target: 'never-seen' }, /never-seen has never connected/],
    [{ version: '5.0.0', image, chunk: 4096 }, /chunk 4096 must be 1\.\.1024/],
  ] as const) {
    const res = await post(body);
    const answer = (await res.json()) as { error: string };
    assert.equal(res.status, 400, JSON.stringify(body));
    assert.match(answer.error, error);
  }
  const [one] = await fleetOf('api', 1);
  const res = await post({ version: '5.0.0', image, target: 'api-00' });
  assert.equal(res.status, 202);
  assert.equal(((await res.json()) as { target: string }).target, 'api-00');
  await one!.reaches('5.0.0');
  await until(() => hub.ota.current()?.stage === 'done', 'the rollout done');
  const got = (await (await fetch(`${hub.urls.http}/api/ota`, { headers: { authorization: auth } })).json()) as { rollout: { stage: string }; devices: Array<{ device: string; state: string }> };
  assert.equal(got.rollout.stage, 'done');
  assert.ok(got.devices.some((d) => d.device === 'api-00' && d.state === 'updated'));
  await one!.end();
  assert.equal((await fetch(`${hub.urls.http}/api/ota`, { method: 'DELETE', headers: { authorization: auth } })).status, 409);
  assert.equal((await fetch(`${hub.urls.http}/api/ota`)).status, 401);
});

async function retainedManifest(): Promise<OtaManifest | undefined> {
  const c = await mqtt.connectAsync(hub.adminUrl(), { protocolVersion: 4, reconnectPeriod: 0 });
  try {
    let got: OtaManifest | undefined;
    c.on('message', (_t, payload) => (got = parseManifest(payload)));
    await c.subscribeAsync('espkit/ota/manifest', { qos: 1 });
    await new Promise((r) => setTimeout(r, 200));
    return got;
  } finally {
    await c.endAsync(true);
  }
}
