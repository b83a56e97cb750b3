// The project's real firmware on a virtual board, updated through the hub: the hub's rollout and chunk server
// against the device's OTA client and boot code (the real interpreter when a binary is found, else the model).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startHub } from '../../host/hub/hub.ts';
import { makeImage } from '../../host/ota/image.ts';
import { deployTo, firmware, labSettings, onInterpreter, startTestBoard } from '../firmware/device.ts';

/** The built firmware reporting `version` instead of its own (every place it names it). */
async function firmwareAs(version: string): Promise<Buffer> {
  const parts = (await firmware()).toString('latin1').split('"0.1.0"');
  assert.ok(parts.length >= 2, 'the firmware names its version');
  return Buffer.from(parts.join(JSON.stringify(version)), 'latin1');
}

test(`the hub updates the real firmware on a virtual board over WiFi, ${onInterpreter}`, async () => {
  const hub = await startHub({ host: '127.0.0.1', mqttPort: 0, httpPort: 0 });
  const board = await startTestBoard();
  try {
    const id = board.deviceId;
    await deployTo(board, labSettings(`mqtt://127.0.0.1:${hub.ports.mqtt}`, { brokerUser: id, brokerPassword: hub.credentials.devicePassword(id) }), { waitOnline: true });
    for (let i = 0; i < 600 && hub.fleet.device(id)?.online !== true; i++) await new Promise((r) => setTimeout(r, 50));
    await hub.ota.start({ image: makeImage(await firmwareAs('0.2.0'), '0.2.0'), target: id, trialMs: 30_000, tickMs: 100 });
    const end = await hub.ota.finished();
    assert.equal(end?.stage, 'done', `${end?.outcome}\nthe board printed: ${board.outputText().slice(-1500)}`);
    assert.equal(end?.counts.updated, 1);
    assert.equal(hub.fleet.device(id)?.info.fw, '0.2.0');
    assert.match(board.outputText(), /espkit ready \S+ 0\.2\.0/);
  } finally {
    await board.close();
    await hub.close();
  }
});
