// The real firmware on a virtual board against the espkit hub: it logs in with its own credentials, comes
// online, and a push sent while it is away (WiFi gone) waits in its session and is delivered, with a receipt,
// when it returns. Another device's pushes are not its to read (the hub's ACL), checked with its own login.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { startHub } from '../../host/hub/hub.ts';
import { startTestBoard, deployTo, labSettings, lineMatching } from '../firmware/device.ts';

test('the firmware on the hub: online, a push queued while it is away is delivered when it returns', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'espkit-hub-fw-'));
  const hub = await startHub({ dataDir: dir, host: '127.0.0.1', mqttPort: 0, httpPort: 0 });
  const board = await startTestBoard({ clockSet: true });
  try {
    const device = board.deviceId;
    await deployTo(board, labSettings(`mqtt://127.0.0.1:${hub.ports.mqtt}`, { brokerUser: device, brokerPassword: hub.credentials.devicePassword(device) }));
    const until = async (check: () => boolean, what: string): Promise<void> => {
      for (let i = 0; i < 600 && !check(); i++) await new Promise((r) => setTimeout(r, 50));
      assert.ok(check(), `${what} within 30 s`);
    };
    // The firmware publishes its online status once its SUBACK is in: the test pushes after that, so the push
    // goes straight to a subscribed session (one sent before the SUBSCRIBE waits at the hub for it instead,
    // test/hub/first-connection.test.ts).
    await until(() => hub.fleet.device(device)?.info.status === 'online', `${device}'s online status at the hub`);

    const first = await hub.push(device, 'while online');
    await until(() => hub.fleet.push(first.id)?.state === 'delivered', 'a receipt for the first push');

    // The access point goes away for a while: the hub sees the device go (its connection ends, or its keepalive
    // lapses) and the push below has to wait in the device's session.
    board.clearOutput();
    board.wifiDrop(12_000);
    await until(() => hub.fleet.device(device)?.online === false, `${device} offline at the hub`);
    const queued = await hub.push(device, 'sent while away');
    assert.equal(hub.fleet.push(queued.id)?.state, 'pending');

    await lineMatching(board, /espkit push \S+ sent while away/, 45_000);
    await until(() => hub.fleet.push(queued.id)?.state === 'delivered', 'a receipt for the queued push');
    assert.equal(hub.fleet.push(queued.id)?.receipts[0]?.device, device);

    // The device's own login cannot read another device's pushes.
    const spy = await mqtt.connectAsync(`mqtt://127.0.0.1:${hub.ports.mqtt}`, { clientId: device, username: device, password: hub.credentials.devicePassword(device), reconnectPeriod: 0 });
    try {
      // The hub answers SUBACK 0x80 (failure), which mqtt.js reports as a subscribe error.
      await assert.rejects(spy.subscribeAsync('espkit/esp32-ffffff/push', { qos: 1 }), /Subscribe error/);
    } finally {
      await spy.endAsync(true);
    }
  } finally {
    await board.close();
    await hub.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
