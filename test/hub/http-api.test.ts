// The hub's HTTP API: pushes to one and to all, devices with online/last seen, push states from
// receipts, the live event stream, and the refusals.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startHub, type Hub } from '../../host/hub/hub.ts';
import { connectDevice, type FakeDevice } from '../../bench/support/device-client.ts';
import type { DeviceView, PushView } from '../../host/hub/fleet.ts';

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
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

const device = (id: string): Promise<FakeDevice> => connectDevice(id, { url: hub.urls.mqtt!, password: hub.credentials.devicePassword(id) });

async function until<T>(fn: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('not in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

test('everything needs the admin login', async () => {
  for (const path of ['/', '/api/devices', '/api/events']) {
    const res = await fetch(`${hub.urls.http}${path}`);
    assert.equal(res.status, 401, path);
    assert.match(res.headers.get('www-authenticate') ?? '', /^Basic realm="espkit hub"/);
    await res.body?.cancel();
  }
  const wrong = await call('GET', '/api/devices', undefined, { authorization: `Basic ${Buffer.from('admin:nope').toString('base64')}` });
  assert.equal(wrong.status, 401);
});

test('a push to a device: 202, pending, then delivered with its receipt', async () => {
  const dev = await device('esp32-800001');
  const sent = await call('POST', '/api/devices/esp32-800001/push', { msg: 'from http', ttl: 60 });
  assert.equal(sent.status, 202);
  const push = sent.json as PushView;
  assert.equal(push.target, 'esp32-800001');
  assert.equal(push.ttl, 60);
  assert.equal((await dev.nextPush('from http')).id, push.id);
  const done = await until(async () => {
    const r = await call('GET', `/api/pushes/${push.id}`);
    return r.json.state === 'delivered' ? (r.json as PushView) : undefined;
  });
  assert.equal(done.receipts[0]!.device, 'esp32-800001');
  assert.ok(done.receipts[0]!.latencyMs >= 0);
  await dev.end();
});

test('devices: online, then offline with the time last seen', async () => {
  const dev = await device('esp32-800002');
  let list = (await call('GET', '/api/devices')).json as DeviceView[];
  const on = list.find((d) => d.id === 'esp32-800002')!;
  assert.equal(on.online, true);
  assert.equal(on.info.fw, 'test', 'the status details are kept');
  await dev.drop();
  const off = await until(async () => {
    list = (await call('GET', '/api/devices')).json as DeviceView[];
    const d = list.find((x) => x.id === 'esp32-800002');
    return d && !d.online ? d : undefined;
  });
  assert.ok(off.lastSeen !== null && off.lastSeen >= on.lastSeen!);
});

test('a push to an offline device stays pending until it returns', async () => {
  const sent = await call('POST', '/api/devices/esp32-800002/push', { msg: 'wait for me' });
  assert.equal(sent.json.state, 'pending');
  assert.equal((await call('GET', `/api/pushes/${sent.json.id}`)).json.state, 'pending');
  const back = await connectDevice('esp32-800002', { url: hub.urls.mqtt!, password: hub.credentials.devicePassword('esp32-800002'), subscribe: false });
  await back.nextPush('wait for me');
  await until(async () => ((await call('GET', `/api/pushes/${sent.json.id}`)).json.state === 'delivered' ? true : undefined));
  await back.end();
});

test('a broadcast reaches every device and counts their receipts', async () => {
  const a = await device('esp32-800003');
  const b = await device('esp32-800004');
  const sent = await call('POST', '/api/push', { msg: 'to all' });
  assert.equal(sent.status, 202);
  assert.equal(sent.json.target, 'all');
  await a.nextPush('to all');
  await b.nextPush('to all');
  const view = await until(async () => {
    const r = (await call('GET', `/api/pushes/${sent.json.id}`)).json as PushView;
    return r.receipts.length >= 2 ? r : undefined;
  });
  assert.deepEqual(view.receipts.map((r) => r.device).filter((d) => d === 'esp32-800003' || d === 'esp32-800004').sort(), ['esp32-800003', 'esp32-800004']);
  await a.end();
  await b.end();
});

test('bad requests get a clear error', async () => {
  let r = await call('POST', '/api/devices/esp32-800001/push', { msg: 'x'.repeat(101) });
  assert.equal(r.status, 400);
  assert.match(r.json.error, /101 characters, over the limit of 100/);
  r = await call('POST', '/api/devices/NOT_AN_ID/push', { msg: 'x' });
  assert.equal(r.status, 400);
  assert.match(r.json.error, /not a device id/);
  r = await call('POST', '/api/push', 'not json');
  assert.equal(r.status, 400);
  assert.match(r.json.error, /not a JSON object/);
  r = await call('POST', '/api/push', { text: 'wrong field' });
  assert.equal(r.status, 400);
  r = await call('POST', '/api/push', { msg: 'x', ttl: 'soon' });
  assert.equal(r.status, 400);
  r = await call('GET', '/api/pushes/nosuchpush');
  assert.equal(r.status, 404);
  r = await call('GET', '/api/nothing');
  assert.equal(r.status, 404);
  r = await call('POST', '/api/push', JSON.stringify({ msg: 'y'.repeat(20_000) }));
  assert.equal(r.status, 413);
});

test('the event stream: a snapshot, then batched updates for devices, pushes and serial lines', async () => {
  const controller = new AbortController();
  const res = await fetch(`${hub.urls.http}/api/events`, { headers: { authorization: auth }, signal: controller.signal });
  assert.equal(res.headers.get('content-type'), 'text/event-stream');
  const reader = res.body!.getReader();
  let buffer = '';
  const events: { event: string; data: any }[] = [];
  const next = async (pred: (e: { event: string; data: any }) => boolean): Promise<{ event: string; data: any }> => {
    for (;;) {
      const found = events.find(pred);
      if (found) return found;
      const { value, done } = await reader.read();
      if (done) throw new Error('stream ended');
      buffer += Buffer.from(value).toString();
      let i: number;
      while ((i = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, i);
        buffer = buffer.slice(i + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event && data) events.push({ event, data: JSON.parse(data) });
      }
    }
  };
  const snap = await next((e) => e.event === 'snapshot');
  assert.ok(Array.isArray(snap.data.devices) && Array.isArray(snap.data.pushes));
  const dev = await device('esp32-800005');
  await next((e) => e.event === 'update' && e.data.devices.some((d: DeviceView) => d.id === 'esp32-800005' && d.online));
  await dev.client.publishAsync('espkit/esp32-800005/serial', 'hello from the console', { qos: 1 });
  await next((e) => e.event === 'update' && e.data.serial.some((s: { line: string }) => s.line === 'hello from the console'));
  const sent = await call('POST', '/api/devices/esp32-800005/push', { msg: 'watch me' });
  await next((e) => e.event === 'update' && e.data.pushes.some((p: PushView) => p.id === sent.json.id && p.state === 'delivered'));
  assert.deepEqual((await call('GET', '/api/devices/esp32-800005/serial')).json.map((s: { line: string }) => s.line), ['hello from the console']);
  controller.abort();
  await reader.cancel().catch(() => {});
  await dev.end();
});
