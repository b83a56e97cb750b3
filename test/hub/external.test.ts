// `espkit hub --broker URL`: the API and dashboard over an external broker (mosquitto here), devices' events included.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startExternalHub } from '../../host/hub/external.ts';
import { connectDevice } from '../../bench/support/device-client.ts';
import { MOSQUITTO, startMosquitto } from '../../bench/support/brokers.ts';
import type { DeviceEvent, DeviceView, PushView } from '../../host/hub/fleet.ts';

test('the HTTP API over mosquitto: devices, a push and its receipt, an event', { skip: MOSQUITTO ? false : 'mosquitto is not installed (apt-get install mosquitto)' }, async () => {
  const mosq = await startMosquitto({ persistence: false });
  const view = await startExternalHub({ broker: { url: mosq.url }, adminPassword: 'pw', host: '127.0.0.1', httpPort: 0 });
  const auth = { authorization: `Basic ${Buffer.from('admin:pw').toString('base64')}` };
  try {
    const dev = await connectDevice('esp32-c00001', { url: mosq.url, password: 'unused' });
    const until = async <T>(fn: () => Promise<T | undefined>): Promise<T> => {
      for (let i = 0; i < 1500; i++) {
        const v = await fn();
        if (v !== undefined) return v;
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error('not in time');
    };
    const online = await until(async () => {
      const list = (await (await fetch(`${view.urls.http}/api/devices`, { headers: auth })).json()) as DeviceView[];
      return list.find((d) => d.id === 'esp32-c00001' && d.online);
    });
    assert.equal(online.info.fw, 'test');
    const res = await fetch(`${view.urls.http}/api/devices/esp32-c00001/push`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ msg: 'through mosquitto' }),
    });
    assert.equal(res.status, 202);
    const push = (await res.json()) as PushView;
    assert.equal((await dev.nextPush('through mosquitto')).id, push.id);
    await until(async () => {
      const p = (await (await fetch(`${view.urls.http}/api/pushes/${push.id}`, { headers: auth })).json()) as PushView;
      return p.state === 'delivered' ? p : undefined;
    });
    await dev.client.publishAsync('espkit/esp32-c00001/event', '{"door":"open"}', { qos: 1 });
    const events = await until(async () => {
      const list = (await (await fetch(`${view.urls.http}/api/devices/esp32-c00001/events`, { headers: auth })).json()) as DeviceEvent[];
      return list.length > 0 ? list : undefined;
    });
    assert.deepEqual(events.map((e) => e.data), [{ door: 'open' }]);
    await dev.end();
  } finally {
    await view.close();
    await mosq.close();
  }
});
