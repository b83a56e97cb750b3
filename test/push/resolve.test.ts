// Every push resolves: the firmware announces its longest message in its status (deploy --max-message), a
// push too long for its target is refused before it is sent, a push the device drops comes back as a nack
// and ends "rejected" with the reason (hub, HTTP API, CLI), a push to an unknown device is refused at once,
// and BLE carries the whole message in pieces that the test phone joins (UTF-8 split across pieces).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { startHub, UnknownDeviceError, type Hub } from '../../host/hub/hub.ts';
import { startBoard, type VirtualBoard } from '../../sim/index.ts';
import { startTestBoard, deployTo, AP } from '../firmware/device.ts';
import { realEspruino } from '../helpers/espruino.ts';
import { connectDevice } from '../../bench/support/device-client.ts';
import { reassemble } from '../../sim/espruino/ble-push-framing.ts';
import { run, type CliRun } from '../helpers/cli-process.ts';

function espkit(args: string[], deadlineMs?: number): Promise<CliRun> {
  return run(args, { env: { ...process.env, ESPKIT_BROKER: '', ESPKIT_CA: '', ESPKIT_HUB: dataDir, ESPKIT_HUB_DIR: '' }, deadlineMs });
}

let hub: Hub;
let dataDir: string;
before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'espkit-resolve-'));
  hub = await startHub({ dataDir, durable: false, host: '127.0.0.1', mqttPort: 0, httpPort: 0 });
});
after(async () => {
  await hub.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function api(method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${hub.urls.http}${path}`, {
    method,
    headers: { authorization: `Basic ${Buffer.from(`admin:${hub.credentials.adminPassword()}`).toString('base64')}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

async function until(check: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) assert.fail(`no ${what} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Deploy the firmware onto `board` logged in to the hub, and wait until it is online. */
async function online(board: VirtualBoard, maxMessage?: number): Promise<void> {
  await deployTo(board, {
    ssid: AP.ssid, wifiPassword: AP.password, broker: hub.urls.mqtt!, brokerUser: board.deviceId,
    brokerPassword: hub.credentials.devicePassword(board.deviceId), keepalive: 5, ...(maxMessage ? { maxMessage } : {}),
  }, { waitOnline: true, onlineTimeoutMs: 30_000 });
}

test('the device announces its limit; too long is refused before sending; what it drops ends rejected with its reason', { timeout: 180_000 }, async () => {
  const board = await startTestBoard();
  try {
    await online(board, 10);
    const id = board.deviceId;
    await until(() => hub.fleet.device(id)?.info.maxMessage === 10, 'maxMessage 10 in the status');

    // refused before sending, naming the device's limit (CLI, hub, HTTP API)
    const r = await espkit(['push', id, 'eleven char']);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, new RegExp(`^error: the message is 11 characters, over the limit of 10 that ${id} announced: shorten it`));
    await assert.rejects(hub.push(id, 'eleven char'), new RegExp(`over the limit of 10 \\(${id} takes at most 10\\): shorten it$`));
    const refused = await api('POST', `/api/devices/${id}/push`, { msg: 'eleven char' });
    assert.equal(refused.status, 400);
    assert.doesNotMatch(String(refused.json.error), /--max-length/);

    // one that gets there anyway (another sender) comes back as a nack: rejected with the reason
    const admin = await mqtt.connectAsync(hub.adminUrl('mqtt'), { clientId: 'resolve-admin' });
    try {
      await admin.publishAsync(`espkit/${id}/push`, JSON.stringify({ id: 'toolong01', msg: 'fifteen chars!!', ts: Date.now(), ttl: 60 }), { qos: 1 });
    } finally {
      await admin.endAsync();
    }
    await until(() => hub.fleet.push('toolong01')?.state === 'rejected', 'a rejected push');
    const view = await api('GET', '/api/pushes/toolong01');
    assert.equal(view.json.state, 'rejected');
    assert.equal(view.json.reason, 'msg longer than 10');

    // a short one is delivered as before
    const ok = await espkit(['push', id, 'short']);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /^delivered to /);
  } finally {
    await board.close();
  }
});

test('the CLI ends a push the device refuses as rejected, with the reason', { timeout: 60_000 }, async () => {
  const id = 'esp32-d00001';
  const d = await connectDevice(id, { url: hub.urls.mqtt!, password: hub.credentials.devicePassword(id), receipts: false });
  const nacker = await mqtt.connectAsync(hub.adminUrl('mqtt'), { clientId: 'resolve-nacker' });
  try {
    await nacker.subscribeAsync(`espkit/${id}/push`, { qos: 1 });
    nacker.on('message', (_t, payload) => {
      const { id: pushId } = JSON.parse(payload.toString()) as { id: string };
      void nacker.publishAsync(`espkit/${id}/nack`, JSON.stringify({ id: pushId, reason: 'expired' }), { qos: 1 });
    });
    const r = await espkit(['push', id, 'late news', '--json']);
    assert.equal(r.code, 1);
    const out = JSON.parse(r.stdout) as { state: string; rejections: { device: string; reason: string }[] };
    assert.equal(out.state, 'rejected');
    assert.deepEqual(out.rejections, [{ device: id, reason: 'expired' }]);
    const text = await espkit(['push', id, 'late again']);
    assert.match(text.stdout, new RegExp(`^rejected by ${id}: expired \\(push [0-9a-f]{12}\\)\\n$`));
  } finally {
    await nacker.endAsync();
    await d.end();
  }
});

test('a push to an unknown device is refused at once; GET /api/devices/:id answers', { timeout: 60_000 }, async () => {
  // refused before any wait for receipts: with an hour to wait, only the refusal ends it within the deadline
  const r = await espkit(['push', 'esp32-never1', 'hello?', '--wait', '3600'], 50_000);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^error: esp32-never1 has never connected to this broker \(no status on espkit\/esp32-never1\/status\): check the device id\n$/);
  await assert.rejects(hub.push('esp32-never1', 'hello?'), UnknownDeviceError);
  assert.equal((await api('POST', '/api/devices/esp32-never1/push', { msg: 'hello?' })).status, 404);
  assert.equal((await api('GET', '/api/devices/esp32-never1')).status, 404);
  const d = await connectDevice('esp32-d00002', { url: hub.urls.mqtt!, password: hub.credentials.devicePassword('esp32-d00002') });
  try {
    const known = await api('GET', '/api/devices/esp32-d00002');
    assert.equal(known.status, 200);
    assert.equal(known.json.id, 'esp32-d00002');
  } finally {
    await d.end();
  }
});

for (const interpreter of ['model', 'real'] as const) {
  test(`BLE carries the whole message in pieces the phone joins, UTF-8 split included (${interpreter} interpreter)`, {
    timeout: 180_000,
    skip: interpreter === 'real' && !realEspruino ? 'the real Espruino interpreter is not here' : false,
  }, async () => {
    const board = await startBoard({
      pacing: false, installEspruino: true, ap: AP, espruino: interpreter,
      application: { timing: { bootDelayMs: 20, wifiConnectMs: 50, wifiAttemptMs: 50 } },
    });
    try {
      await online(board, 200);
      const phone = board.ble!;
      phone.connect();
      phone.subscribe('ec00', 'ec01');
      const msg = `Tür 🚪 offen: ${'ä€😀'.repeat(12)} Ende`;
      const r = await espkit(['push', board.deviceId, msg, '--max-length', '200']);
      assert.equal(r.code, 0, r.stderr);
      // the test phone joins the pieces of the push characteristic (docs/ble.md)
      const pushes = (): string[] => reassemble(phone.notifications.filter((n) => n.characteristic === 'ec01').map((n) => n.data));
      await until(() => pushes().length > 0, 'a whole BLE message');
      assert.deepEqual(pushes(), [msg]);
      const pieces = phone.notifications.filter((n) => n.characteristic === 'ec01');
      assert.ok(pieces.length > 5 && pieces.every((p) => p.data.length <= 20), `${pieces.length} notifications of at most 20 bytes`);
    } finally {
      await board.close();
    }
  });
}
