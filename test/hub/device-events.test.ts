// The devices' own events (<prefix>/<device>/event) as the hub keeps them: a device logged in with its own
// login publishes, GET /api/devices/:id/events answers them in order, newest last, the last 50 only; what is
// not JSON is kept as text and what is over 1 KB as the text of its start, marked, with a note in the log;
// the live stream carries them, and the route needs the admin login like the rest of the API.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startHub, type Hub } from '../../host/hub/hub.ts';
import type { DeviceEvent, DeviceView } from '../../host/hub/fleet.ts';
import { EVENT_MAX_BYTES } from '../../core/wire/push.ts';
import { connectDevice, type FakeDevice } from '../../bench/support/device-client.ts';

let hub: Hub;
let auth: string;
const logs: string[] = [];

before(async () => {
  hub = await startHub({ host: '127.0.0.1', mqttPort: 0, httpPort: 0, log: (l) => logs.push(l) });
  auth = `Basic ${Buffer.from(`admin:${hub.credentials.adminPassword()}`).toString('base64')}`;
});
after(async () => {
  await hub.close();
});

async function get<T>(path: string, headers: Record<string, string> = { authorization: auth }): Promise<{ status: number; json: T }> {
  const res = await fetch(`${hub.urls.http}${path}`, { headers });
  return { status: res.status, json: (await res.json()) as T };
}

const device = (id: string): Promise<FakeDevice> => connectDevice(id, { url: hub.urls.mqtt!, password: hub.credentials.devicePassword(id) });

/** Resolves once the hub holds `count` events of `id` (from the fleet's own event notices, so no polling pace). */
function eventsReach(id: string, count: number): Promise<void> {
  return new Promise((resolve, reject) => {
    // only a guard against hanging: the events arrive long before this on any machine
    const guard = setTimeout(() => reject(new Error(`the hub did not get ${count} events from ${id}`)), 60_000);
    let seen = 0;
    const check = (e?: DeviceEvent): void => {
      if (e?.device === id) seen++;
      if (seen >= count) {
        clearTimeout(guard);
        hub.fleet.off('event', check);
        resolve();
      }
    };
    hub.fleet.on('event', check);
  });
}

test('events a device publishes come back from the API in order, newest last, the last 50 kept', async () => {
  const dev = await device('esp32-e00001');
  try {
    const arrived = eventsReach('esp32-e00001', 60);
    for (let i = 0; i < 60; i++) await dev.client.publishAsync('espkit/esp32-e00001/event', JSON.stringify({ door: i % 2 ? 'closed' : 'open', n: i }), { qos: 1 });
    await arrived;
    const { status, json } = await get<DeviceEvent[]>('/api/devices/esp32-e00001/events');
    assert.equal(status, 200);
    assert.equal(json.length, 50, 'the hub keeps the last 50 of a device');
    assert.deepEqual(json.map((e) => (e.data as { n: number }).n), Array.from({ length: 50 }, (_, i) => i + 10));
    for (const [i, e] of json.entries()) {
      assert.equal(e.device, 'esp32-e00001');
      assert.equal(e.text, undefined, 'JSON is kept parsed, not twice');
      assert.ok(i === 0 || (e.seq > json[i - 1]!.seq && e.at >= json[i - 1]!.at), 'oldest first');
    }
    const last = json[49]!;
    assert.deepEqual(last.data, { door: 'closed', n: 59 });
    // the device list shows each device's latest
    const listed = (await get<DeviceView[]>('/api/devices')).json.find((d) => d.id === 'esp32-e00001');
    assert.deepEqual(listed?.lastEvent, last);
    assert.deepEqual((await get<DeviceView>('/api/devices/esp32-e00001')).json.lastEvent, last);
    // a device that sent none has none
    assert.deepEqual((await get<DeviceEvent[]>('/api/devices/esp32-e00099/events')).json, []);
  } finally {
    await dev.end();
  }
});

test('an event that is not JSON is kept as text; one over 1 KB as the text of its start, marked, and noted once', async () => {
  const dev = await device('esp32-e00002');
  try {
    // 'é' is two bytes: 600 of them end past the limit in the middle of one, which must not be split
    const big = 'é'.repeat(600);
    const json = JSON.stringify({ note: 'x'.repeat(2000) });
    const arrived = eventsReach('esp32-e00002', 5);
    await dev.client.publishAsync('espkit/esp32-e00002/event', 'door open <b>', { qos: 1 });
    await dev.client.publishAsync('espkit/esp32-e00002/event', big, { qos: 1 });
    await dev.client.publishAsync('espkit/esp32-e00002/event', json, { qos: 1 });
    await dev.client.publishAsync('espkit/esp32-e00002/event', '', { qos: 1 });
    await dev.client.publishAsync('espkit/esp32-e00002/event', '42', { qos: 1 });
    await arrived;
    const [text, cut, cutJson, empty, number] = (await get<DeviceEvent[]>('/api/devices/esp32-e00002/events')).json;
    assert.deepEqual({ text: text!.text, bytes: text!.bytes, data: text!.data, truncated: text!.truncated }, { text: 'door open <b>', bytes: 13, data: undefined, truncated: undefined });
    assert.equal(cut!.truncated, true);
    assert.equal(cut!.bytes, 1200);
    assert.equal(cut!.text, 'é'.repeat(EVENT_MAX_BYTES / 2), 'cut at the limit, between characters');
    assert.equal(cutJson!.truncated, true);
    assert.equal(cutJson!.data, undefined, 'a cut JSON document is not parsed');
    assert.equal(Buffer.byteLength(cutJson!.text!), EVENT_MAX_BYTES);
    assert.equal(cutJson!.bytes, Buffer.byteLength(json));
    assert.deepEqual({ text: empty!.text, bytes: empty!.bytes }, { text: '', bytes: 0 });
    assert.equal(number!.data, 42);
    const notes = logs.filter((l) => l.includes('esp32-e00002'));
    assert.equal(notes.length, 1, `one note a minute for a device that sends oversized events: ${notes.join(' | ')}`);
    assert.match(notes[0]!, /an event from esp32-e00002 is 1200 bytes, over the 1024-byte limit: kept its first 1024 bytes as text, marked truncated/);
  } finally {
    await dev.end();
  }
});

test('the events route needs the admin login; the live stream carries events as they come', async () => {
  const refused = await fetch(`${hub.urls.http}/api/devices/esp32-e00001/events`);
  assert.equal(refused.status, 401);
  await refused.body?.cancel();
  const bad = await get<{ error: string }>('/api/devices/NOT_AN_ID/events');
  assert.equal(bad.status, 400);

  const controller = new AbortController();
  const res = await fetch(`${hub.urls.http}/api/events`, { headers: { authorization: auth }, signal: controller.signal });
  const reader = res.body!.getReader();
  let buffer = '';
  /** The next stream message of that name whose data passes `pred`. */
  const next = async <T>(name: string, pred: (data: T) => boolean): Promise<T> => {
    for (;;) {
      let i: number;
      while ((i = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, i);
        buffer = buffer.slice(i + 2);
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (/^event: (.*)$/m.exec(block)?.[1] === name && data) {
          const parsed = JSON.parse(data) as T;
          if (pred(parsed)) return parsed;
        }
      }
      const { value, done } = await reader.read();
      if (done) throw new Error('stream ended');
      buffer += Buffer.from(value).toString();
    }
  };
  const dev = await device('esp32-e00003');
  try {
    const snap = await next<{ events: DeviceEvent[] }>('snapshot', () => true);
    assert.ok(snap.events.length > 0 && snap.events.length <= 100, 'the snapshot has the fleet\'s newest events');
    await dev.client.publishAsync('espkit/esp32-e00003/event', JSON.stringify({ door: 'open' }), { qos: 1 });
    const update = await next<{ events: DeviceEvent[] }>('update', (u) => u.events.some((e) => e.device === 'esp32-e00003'));
    assert.deepEqual(update.events.find((e) => e.device === 'esp32-e00003')!.data, { door: 'open' });
  } finally {
    controller.abort();
    await reader.cancel().catch(() => {});
    await dev.end();
  }
});
