// The hub's transports: MQTT over TLS with the local CA, MQTT over WebSocket (plain and TLS).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { startHub } from '../../host/hub/hub.ts';
import { connectBroker } from '../../host/push/broker.ts';
import { sendPush } from '../../host/push/send.ts';
import { connectDevice } from '../../bench/support/device-client.ts';

test('TLS: devices and push connect with the local CA; without it the certificate is refused clearly', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'espkit-hub-tls-'));
  const hub = await startHub({ dataDir: dir, durable: false, host: '127.0.0.1', mqttPort: null, httpPort: 0, mqttsPort: 0, tls: true });
  try {
    assert.equal(hub.urls.mqtt, undefined, 'no plain listener when asked for none');
    const ca = readFileSync(hub.caFile!, 'utf8');
    assert.ok(new X509Certificate(ca).ca, 'ca.pem is a CA certificate');
    const dev = await connectDevice('esp32-700001', { url: hub.urls.mqtts!, password: hub.credentials.devicePassword('esp32-700001'), ca });
    const result = await sendPush({ broker: { url: hub.adminUrl('mqtts'), ca }, target: 'esp32-700001', msg: 'over tls' });
    assert.equal(result.state, 'delivered');
    assert.equal((await dev.nextPush('over tls')).id, result.push.id);

    // The same over WebSocket with TLS (wss://.../mqtt).
    const wsDev = await connectDevice('esp32-700002', { url: hub.urls.ws, password: hub.credentials.devicePassword('esp32-700002'), ca });
    assert.match(hub.urls.ws, /^wss:\/\//);
    const r2 = await sendPush({ broker: { url: hub.adminUrl('wss'), ca }, target: 'esp32-700002', msg: 'over wss' });
    assert.equal(r2.state, 'delivered');
    await wsDev.end();

    await assert.rejects(connectBroker({ url: hub.adminUrl('mqtts') }), /certificate is not trusted .*pass --ca/);
    await dev.end();
  } finally {
    await hub.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the local CA is made once and reused by the next start', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'espkit-hub-tls-'));
  try {
    const first = await startHub({ dataDir: dir, durable: false, host: '127.0.0.1', mqttPort: 0, httpPort: 0, mqttsPort: 0, tls: true });
    const ca1 = first.ca;
    await first.close();
    const second = await startHub({ dataDir: dir, durable: false, host: '127.0.0.1', mqttPort: 0, httpPort: 0, mqttsPort: 0, tls: true });
    assert.equal(second.ca, ca1);
    // HTTPS too: the API answers over TLS with the same CA.
    const res = await fetchWithCa(`${second.urls.http}/api/devices`, second.ca!, second.credentials.adminPassword());
    assert.equal(res, 200);
    await second.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('WebSocket: a device on ws:///mqtt gets its push', async () => {
  const hub = await startHub({ host: '127.0.0.1', mqttPort: 0, httpPort: 0 });
  try {
    assert.match(hub.urls.ws, /^ws:\/\/127\.0\.0\.1:\d+\/mqtt$/);
    const dev = await connectDevice('esp32-700003', { url: hub.urls.ws, password: hub.credentials.devicePassword('esp32-700003') });
    const result = await sendPush({ broker: { url: hub.adminUrl('ws') }, target: 'esp32-700003', msg: 'over ws' });
    assert.equal(result.state, 'delivered');
    await dev.nextPush('over ws');
    await dev.end();
  } finally {
    await hub.close();
  }
});

async function fetchWithCa(url: string, ca: string, password: string): Promise<number> {
  const https = await import('node:https');
  return new Promise((resolve, reject) => {
    const req = https.get(url, { ca, headers: { authorization: `Basic ${Buffer.from(`admin:${password}`).toString('base64')}` } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
  });
}
