// The rollout on the hub's dashboard, in a real headless Chromium (Debian's, through playwright-core): the
// panel's version, stage and counts and each device's OTA state in the device list follow the event stream
// live, from "no rollout" through the canary stage (a download under way, a device offline) to done (one
// rolled back with its reason), and a stopped rollout says so. No reload anywhere. A screenshot of the
// finished rollout goes to $TMPDIR/espkit-dashboard-ota.png for a person to look at.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import type { Locator, Page } from 'playwright-core';
import { startHub, type Hub } from '../../host/hub/hub.ts';
import { makeImage } from '../../host/ota/image.ts';
import { manifestTargets, otaManifestTopic, otaStateTopic, parseManifest, type OtaStateBody } from '../../core/wire/ota.ts';
import { topic } from '../../core/wire/push.ts';
import { connectOtaDevice, type OtaDevice } from '../../bench/support/ota-device.ts';
import { CHROMIUM, NO_CHROMIUM, openBrowser } from '../hub/chromium.ts';
import { patternBytes } from '../helpers/bytes.ts';

const skip = CHROMIUM ? false : NO_CHROMIUM;
const WAIT = { timeout: 30_000 };

/** A device driven step by step by the test: it says it took the manifest, then what the test tells it to. */
async function heldDevice(hub: Hub, id: string): Promise<{ client: MqttClient; manifest: Promise<void>; say(s: OtaStateBody, fw?: string): Promise<void> }> {
  const client = await mqtt.connectAsync(hub.urls.mqtt!, { clientId: id, username: id, password: hub.credentials.devicePassword(id), protocolVersion: 4, reconnectPeriod: 0 });
  const say = async (s: OtaStateBody, fw?: string): Promise<void> => {
    await client.publishAsync(otaStateTopic('espkit', id), JSON.stringify(s), { qos: 1, retain: true });
    if (fw) await client.publishAsync(topic('espkit', id, 'status'), JSON.stringify({ status: 'online', fw }), { qos: 1, retain: true });
  };
  const manifest = new Promise<void>((resolve) => {
    client.on('message', (_t, payload) => {
      const m = parseManifest(payload);
      if (m && manifestTargets(m, id)) resolve();
    });
  });
  await say({ v: '1.0.0', state: 'updated' }, '1.0.0');
  await client.subscribeAsync(otaManifestTopic('espkit'), { qos: 1 });
  return { client, manifest, say };
}

async function counts(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() => Object.fromEntries(Array.from(document.querySelectorAll<HTMLElement>('#ota-counts dd')).map((dd) => [dd.dataset.count!, dd.textContent!])));
}

async function countIs(page: Page, key: string, value: number): Promise<void> {
  await page.locator(`#ota-counts dd[data-count="${key}"]`, { hasText: new RegExp(`^${value}$`) }).waitFor(WAIT);
}

const otaOf = (page: Page, id: string): Locator => page.locator(`#devices tr[data-device="${id}"] .badge.ota`);

test('the dashboard shows a rollout live: version, stage, counts and each device\'s OTA state', { skip }, async () => {
  const hub = await startHub({ host: '127.0.0.1', mqttPort: 0, httpPort: 0 });
  const browser = await openBrowser();
  const devices: OtaDevice[] = [];
  let held: Awaited<ReturnType<typeof heldDevice>> | undefined;
  try {
    const page = await browser.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(hub.loginLink());
    await page.locator('#link', { hasText: 'live' }).waitFor(WAIT);
    assert.ok(await page.locator('#ota-none').isVisible(), 'no rollout yet');
    assert.ok(await page.locator('#ota-counts').isHidden());

    // dash-a is the canary (online, first by id) and is held mid-download; dash-d is away
    held = await heldDevice(hub, 'dash-a');
    const connect = (id: string, failsAtBoot?: string): Promise<OtaDevice> =>
      connectOtaDevice(id, { url: hub.urls.mqtt!, password: hub.credentials.devicePassword(id), version: '1.0.0', ...(failsAtBoot ? { failsAtBoot } : {}) });
    devices.push(await connect('dash-b'), await connect('dash-c', 'Uncaught Error: <b>boom</b>'));
    const away = await connect('dash-d');
    await away.client.endAsync(true); // its Will says offline
    for (let i = 0; i < 400 && hub.fleet.device('dash-d')?.online !== false; i++) await new Promise((r) => setTimeout(r, 50));

    const image = makeImage(patternBytes(4096), '2.0.0');
    await hub.ota.start({ image, target: 'all', canary: { count: 1 }, maxFailures: { count: 3 }, trialMs: 30_000, tickMs: 50 });
    await page.locator('#ota-stage', { hasText: 'canary' }).waitFor(WAIT);
    assert.match(await page.locator('#ota-version').innerText(), /version 2\.0\.0 to all devices/);
    await held.manifest;
    await held.say({ v: '2.0.0', state: 'downloading', have: 2048 });
    await countIs(page, 'inProgress', 1);
    await otaOf(page, 'dash-a').filter({ hasText: 'OTA downloading 50%' }).waitFor(WAIT);
    assert.deepEqual(await counts(page), { updated: '0', inProgress: '1', failed: '0', rolledBack: '0', offline: '1', waiting: '2' });
    assert.equal(await otaOf(page, 'dash-d').innerText(), 'OTA waiting');
    assert.match((await otaOf(page, 'dash-a').getAttribute('title')) ?? '', /\(canary\)/);

    // the canary confirms: the rest take it; dash-c rolls back with its reason, shown as text
    await held.say({ v: '2.0.0', state: 'trial' });
    await held.say({ v: '2.0.0', state: 'updated' }, '2.0.0');
    await page.locator('#ota-stage', { hasText: 'done' }).waitFor(WAIT);
    await countIs(page, 'updated', 2);
    assert.deepEqual(await counts(page), { updated: '2', inProgress: '0', failed: '0', rolledBack: '1', offline: '1', waiting: '0' });
    assert.equal(await otaOf(page, 'dash-b').innerText(), 'OTA updated');
    assert.equal(await otaOf(page, 'dash-c').innerText(), 'OTA rolled back');
    assert.match((await otaOf(page, 'dash-c').getAttribute('title')) ?? '', /Uncaught Error: <b>boom<\/b>/);
    assert.equal(await page.locator('#devices b').count(), 0, 'the reason is text, not HTML');
    assert.match(await page.locator('#ota-outcome').innerText(), /1 offline device\(s\) take it when they return/);
    await page.screenshot({ path: join(tmpdir(), 'espkit-dashboard-ota.png'), fullPage: true });

    // a rollout stopped by request says so, with its manifest cleared
    await hub.ota.start({ image: makeImage(patternBytes(4096, 5), '3.0.0'), target: 'dash-b', trialMs: 30_000, tickMs: 50 });
    hub.ota.cancel();
    await page.locator('#ota-stage', { hasText: 'stopped' }).waitFor(WAIT);
    await page.locator('#ota-outcome', { hasText: 'stopped by request' }).waitFor(WAIT);
    assert.match(await page.locator('#ota-version').innerText(), /3\.0\.0 to dash-b/);
    assert.deepEqual(errors, []);
  } finally {
    await held?.client.endAsync(true);
    await Promise.all(devices.map((d) => d.end()));
    await browser.close();
    await hub.close();
  }
});
