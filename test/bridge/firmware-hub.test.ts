// End to end with the real firmware: a virtual board runs the compiled firmware, connected to the espkit hub
// with its own device login; the bridge (the hub's admin login) carries its console. A push from the hub is
// printed by the firmware, and that console line reaches the hub's serial tail for the device through the
// bridge, under the device id the bridge read from the board.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHub } from '../../host/hub/hub.ts';
import { startBridge } from '../../host/bridge/run.ts';
import { startTestBoard, deployTo, labSettings, lineMatching } from '../firmware/device.ts';
import { waitFor } from './wait.ts';

test('a push printed by the real firmware reaches the hub through the bridge', async () => {
  const hub = await startHub({ host: '127.0.0.1', mqttPort: 0, httpPort: 0 });
  const board = await startTestBoard({ clockSet: true });
  const dir = mkdtempSync(join(tmpdir(), 'espkit-fw-bridge-'));
  const id = board.deviceId;
  let running: Awaited<ReturnType<typeof startBridge>> | undefined;
  try {
    await deployTo(board, labSettings(`mqtt://127.0.0.1:${hub.ports.mqtt}`, { brokerUser: id, brokerPassword: hub.credentials.devicePassword(id) }));
    await lineMatching(board, /espkit mqtt connected 127\.0\.0\.1:/);
    running = await startBridge({ port: board.ports.socket, broker: { url: hub.adminUrl('mqtt') }, prefix: hub.prefix, queueFile: join(dir, 'q') });
    assert.equal(running.device, id, 'the device id the bridge read from the board is the firmware\'s');
    await new Promise<void>((resolve) => running!.bridge.once('ready', () => resolve()));

    const pushed = await hub.push(id, 'hello through the bridge');
    await waitFor(() => hub.fleet.serial(id).some((l) => l.line === `espkit push ${pushed.id} hello through the bridge`),
      () => `the firmware's console line in the hub (tail: ${JSON.stringify(hub.fleet.serial(id).slice(-3))})`);
    await waitFor(() => hub.fleet.push(pushed.id)?.state === 'delivered', 'the receipt');
  } finally {
    await running?.close();
    await board.close();
    await hub.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
