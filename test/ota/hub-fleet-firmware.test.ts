// Twenty virtual boards running the project's real firmware (on the model interpreter, which runs this many
// side by side in one process), updated at once through the hub: the canary first, then the rest, each
// ending `updated` and printing the new version's ready line. Then a firmware that throws at boot: the boot
// code rolls it back on the canaries, and the rollout stops at its failure limit with the manifest cleared,
// so the other boards never start on it. One build of each firmware is shared by every board.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startHub, type Hub } from '../../host/hub/hub.ts';
import { makeImage } from '../../host/ota/image.ts';
import type { VirtualBoard } from '../../sim/index.ts';
import { deployTo, firmware, labSettings, startTestBoard } from '../firmware/device.ts';

const BOARDS = Number(process.env.ESPKIT_OTA_FLEET_BOARDS ?? 20);
/** Long enough for a loaded machine to bring 20 boards back online, short enough that a bad one is noticed. */
const TRIAL_MS = 30_000;

/** The built firmware reporting `version` instead of its own; `prelude` goes before it (a throw at boot, say). */
async function firmwareAs(version: string, prelude = ''): Promise<Buffer> {
  const parts = (await firmware()).toString('latin1').split('"0.1.0"');
  assert.ok(parts.length >= 2, 'the firmware names its version');
  return Buffer.from(prelude + parts.join(JSON.stringify(version)), 'latin1');
}

async function until(check: () => boolean, what: string, tries = 1200): Promise<void> {
  for (let i = 0; i < tries && !check(); i++) await new Promise((r) => setTimeout(r, 50));
  assert.ok(check(), what);
}

/** Starts the fleet into `boards` as each board starts, so the test closes them even if a deploy fails. */
async function fleetOn(hub: Hub, boards: VirtualBoard[]): Promise<void> {
  await Promise.all(Array.from({ length: BOARDS }, async () => boards.push(await startTestBoard({ espruino: 'model' }))));
  const code = await firmware();
  // A few deploys at a time: the boards' interpreters share this process with the uploaders, and 20 uploads at
  // once on a loaded machine starved the event loop past an upload's silence timeout (a CI failure). The
  // update below, not the USB deploy, is what runs on every board at once.
  const waiting = [...boards];
  const deployer = async (): Promise<void> => {
    for (let b = waiting.shift(); b; b = waiting.shift()) {
      await deployTo(b, labSettings(hub.urls.mqtt!, { brokerUser: b.deviceId, brokerPassword: hub.credentials.devicePassword(b.deviceId) }), { code, waitOnline: true });
    }
  };
  await Promise.all(Array.from({ length: 4 }, deployer));
  await until(() => boards.every((b) => hub.fleet.device(b.deviceId)?.online === true), 'every board online at the hub');
}

const printed = (b: VirtualBoard): string => `${b.deviceId} printed: ${b.outputText().slice(-800)}`;

test(`${BOARDS} boards with the real firmware updated at once through the hub, then a firmware that throws at boot stopped on the canaries (model)`, async () => {
  const hub = await startHub({ host: '127.0.0.1', mqttPort: 0, httpPort: 0 });
  const boards: VirtualBoard[] = [];
  try {
    await fleetOn(hub, boards);
    const stages: string[] = [];
    hub.ota.on('rollout', (v) => stages.at(-1) !== v.stage && stages.push(v.stage));

    await hub.ota.start({ image: makeImage(await firmwareAs('0.2.0'), '0.2.0'), target: 'all', canary: { count: 2 }, maxFailures: { count: 1 }, trialMs: TRIAL_MS, tickMs: 100 });
    const good = await hub.ota.finished();
    assert.equal(good?.stage, 'done', `${good?.outcome}\n${boards.map(printed).join('\n')}`);
    assert.deepEqual(stages, ['canary', 'rest', 'done']);
    assert.equal(good?.canary.length, 2);
    assert.deepEqual(good?.counts, { total: BOARDS, updated: BOARDS, inProgress: 0, waiting: 0, failed: 0, rolledBack: 0, offline: 0 });
    for (const b of boards) {
      assert.match(b.outputText(), /espkit ready \S+ 0\.2\.0/, printed(b));
      assert.equal(hub.fleet.device(b.deviceId)?.info.fw, '0.2.0', b.deviceId);
      assert.equal(hub.ota.states.get(b.deviceId)?.state, 'updated', b.deviceId);
    }

    for (const b of boards) b.clearOutput();
    const chunksBefore = hub.ota.stats.chunks;
    const bad = makeImage(await firmwareAs('0.3.0', 'throw new Error("boom at boot");\n'), '0.3.0');
    await hub.ota.start({ image: bad, target: 'all', canary: { count: 2 }, maxFailures: { count: 1 }, trialMs: TRIAL_MS, tickMs: 100 });
    const stopped = await hub.ota.finished();
    assert.equal(stopped?.stage, 'stopped', stopped?.outcome ?? '');
    assert.match(stopped?.outcome ?? '', /2 failed or rolled back, over the limit of 1/);
    assert.equal(stopped?.counts.rolledBack, 2);
    const canaries = new Set(stopped?.canary);
    for (const b of boards.filter((x) => canaries.has(x.deviceId))) {
      assert.match(stopped?.devices.find((d) => d.id === b.deviceId)?.reason ?? '', /boom at boot/);
      assert.match(b.outputText(), /espkit ota rolled-back 0\.3\.0/, printed(b));
    }
    // only the canaries fetched the image; the others never saw a manifest naming them
    assert.equal(hub.ota.stats.chunks - chunksBefore, 2 * Math.ceil(bad.bytes.length / 1024));
    for (const b of boards.filter((x) => !canaries.has(x.deviceId))) assert.notEqual(hub.ota.states.get(b.deviceId)?.v, '0.3.0', b.deviceId);
    // the canaries come back on the version they ran
    await until(() => boards.every((b) => hub.fleet.device(b.deviceId)?.info.fw === '0.2.0' && hub.fleet.device(b.deviceId)?.online === true), 'every board online on 0.2.0 again');
  } finally {
    await Promise.all(boards.map((b) => b.close()));
    await hub.close();
  }
});
