// deploy ends when the device is online: on a virtual board against the hub, it waits for the firmware's
// "mqtt connected" line (printed once the broker granted its subscriptions), and otherwise fails with the
// device's reason and what to do: wrong WiFi password, no such network, broker unreachable, login refused,
// subscription refused by the hub's ACL. Any other program (--file) is started when no Uncaught error comes
// within the settle time, or when the line named by ready appears.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHub, type Hub } from '../../host/hub/hub.ts';
import { OfflineFailure, BootFailure } from '../../host/espruino/deploy.ts';
import { refuseLoopbackForRealBoard } from '../../host/commands/deploy-broker.ts';
import type { VirtualBoard } from '../../sim/index.ts';
import { startTestBoard, deployTo, AP } from '../firmware/device.ts';
import { freePort } from '../../bench/support/brokers.ts';

let hub: Hub;
let board: VirtualBoard;
let dataDir: string;

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'espkit-online-'));
  hub = await startHub({ dataDir, durable: false, host: '127.0.0.1', mqttPort: 0, httpPort: 0 });
  board = await startTestBoard();
});
after(async () => {
  await board.close();
  await hub.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Settings that log the board in to the hub as itself. */
function hubSettings(more: Record<string, string | number> = {}): Record<string, string | number> {
  return {
    ssid: AP.ssid,
    wifiPassword: AP.password,
    broker: hub.urls.mqtt!,
    brokerUser: board.deviceId,
    brokerPassword: hub.credentials.devicePassword(board.deviceId),
    keepalive: 5,
    ...more,
  };
}

async function offlineReason(settings: Record<string, string | number>): Promise<string> {
  const err = await deployTo(board, settings, { waitOnline: true, onlineTimeoutMs: 30_000 }).then(
    () => assert.fail('deploy should have failed'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof OfflineFailure, String(err));
  return err.message;
}

test('with the right settings, deploy ends once the device is online at the hub', { timeout: 120_000 }, async () => {
  const result = await deployTo(board, hubSettings(), { waitOnline: true, onlineTimeoutMs: 30_000 });
  assert.equal(result.deviceId, board.deviceId);
  assert.ok(result.onlineMs !== undefined && result.onlineMs >= 0);
  assert.equal(hub.fleet.device(board.deviceId)?.online, true);
});

test('a wrong WiFi password and an unknown network fail with the reason and what to do', { timeout: 120_000 }, async () => {
  assert.match(await offlineReason(hubSettings({ wifiPassword: 'not-the-password' })), /WiFi network "espkit-lab" refused the password \(4WAY_HANDSHAKE_TIMEOUT\): check --password/);
  assert.match(await offlineReason(hubSettings({ ssid: 'no-such-net' })), /no WiFi network "no-such-net" is in reach \(NO_AP_FOUND\): check --wifi/);
});

test('an unreachable broker and a refused login fail with the reason and what to do', { timeout: 120_000 }, async () => {
  const closed = await freePort();
  assert.match(await offlineReason(hubSettings({ broker: `mqtt://127.0.0.1:${closed}` })), new RegExp(`cannot reach the broker at 127\\.0\\.0\\.1:${closed}.*is the hub running`));
  assert.match(await offlineReason(hubSettings({ brokerPassword: 'wrong-password-123' })), new RegExp(`refused the device's login \\(bad user name or password\\): \`espkit hub credentials ${board.deviceId}\``));
});

test('a prefix the hub\'s ACL refuses fails with the refused subscription', { timeout: 120_000 }, async () => {
  const message = await offlineReason(hubSettings({ prefix: 'elsewhere' }));
  assert.match(message, new RegExp(`ACL refused the subscription to elsewhere/${board.deviceId}/push: the topic prefix must be the broker's`));
});

test('--file: any program is started when no Uncaught comes within the settle time, or when its ready line appears', { timeout: 120_000 }, async () => {
  const quiet = await deployTo(board, undefined, { code: Buffer.from('var n=0;setInterval(function(){n++;},500);\n'), ready: 'settle', settleMs: 1500 });
  assert.equal(quiet.deviceId, undefined);
  const named = await deployTo(board, undefined, { code: Buffer.from('setTimeout(function(){print("sensor up 42");},300);\n'), ready: /sensor up \d+/ });
  assert.match(named.readyLine!, /sensor up 42/);
  await assert.rejects(
    deployTo(board, undefined, { code: Buffer.from('setTimeout(function(){undefinedThing();},200);\n'), ready: 'settle', settleMs: 2000 }),
    (err: unknown) => err instanceof BootFailure && /stopped at boot: Uncaught/.test(err.message),
  );
});

test('a loopback broker is refused for a board that is not on this machine', () => {
  assert.throws(() => refuseLoopbackForRealBoard({ broker: 'mqtt://127.0.0.1:1883' }, '/dev/ttyUSB0'), /127\.0\.0\.1 is loopback: the board on \/dev\/ttyUSB0 would look for the broker on itself/);
  assert.throws(() => refuseLoopbackForRealBoard({ broker: 'mqtt://localhost:1883' }, 'rfc2217://192.168.1.7:4000'), /loopback/);
  refuseLoopbackForRealBoard({ broker: 'mqtt://127.0.0.1:1883' }, 'socket://127.0.0.1:4000');
  refuseLoopbackForRealBoard({ broker: 'mqtt://192.168.1.10:1883' }, '/dev/ttyUSB0');
});
