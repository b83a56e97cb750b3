// The whole path on the real Espruino interpreter: the compiled firmware deployed with WiFi and broker
// settings over the board's paced UART (115200, XON/XOFF), to a virtual board running Espruino 2v29 itself,
// comes online at the espkit hub (its retained status) and answers a push with a receipt.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHub } from '../../host/hub/hub.ts';
import { needsRealEspruino } from '../helpers/espruino.ts';
import { startTestBoard, deployTo, labSettings, lineMatching } from '../firmware/device.ts';

test('the firmware on the real interpreter, deployed over the paced UART: online at the hub, a push gets a receipt', { skip: needsRealEspruino }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'espkit-hub-real-'));
  const hub = await startHub({ dataDir: dir, host: '127.0.0.1', mqttPort: 0, httpPort: 0 });
  const board = await startTestBoard({ clockSet: true, pacing: true, espruino: 'real' });
  try {
    assert.match(board.interpreterLine, /real interpreter 2v29/);
    await board.waitForOutput(/Donate\r\n\r\n>/, 15_000);
    const device = board.deviceId;
    const result = await deployTo(board, labSettings(`mqtt://127.0.0.1:${hub.ports.mqtt}`, { brokerUser: device, brokerPassword: hub.credentials.devicePassword(device) }), { readyTimeoutMs: 30_000 });
    assert.equal(result.deviceId, device);
    const until = async (check: () => boolean, what: string, seconds = 60): Promise<void> => {
      for (let i = 0; i < seconds * 20 && !check(); i++) await new Promise((r) => setTimeout(r, 50));
      assert.ok(check(), `${what} within ${seconds} s; the board printed: ${JSON.stringify(board.outputText().slice(-600))}`);
    };
    // its online status, published once its subscriptions are in: the firmware is running and subscribed
    await until(() => hub.fleet.device(device)?.info.status === 'online', `${device}'s online status at the hub`);
    const push = await hub.push(device, 'hello real board');
    await lineMatching(board, /espkit push \S+ hello real board/, 30_000);
    await until(() => hub.fleet.push(push.id)?.state === 'delivered', 'a receipt for the push');
    assert.equal(hub.fleet.push(push.id)?.receipts[0]?.device, device);
  } finally {
    await board.close();
    await hub.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
