// The dashboard in a real headless Chromium (Debian's, driven by playwright-core): a device appears
// online, a push sent from the page shows its receipt, the serial tail updates, all without reload.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { startHub } from '../../host/hub/hub.ts';
import { connectDevice } from '../../bench/support/device-client.ts';

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));

test('dashboard: device online, push with receipt, serial tail', { skip: CHROMIUM ? false : 'chromium is not installed (apt-get install chromium)' }, async () => {
  const hub = await startHub({ host: '127.0.0.1', mqttPort: 0, httpPort: 0 });
  const profile = mkdtempSync(join(tmpdir(), 'espkit-chromium-'));
  let context: BrowserContext | undefined;
  try {
    // A fresh profile each run; playwright wants it as launchPersistentContext's folder.
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
      httpCredentials: { username: 'admin', password: hub.credentials.adminPassword() },
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${hub.urls.http}/`);
    await page.locator('#link', { hasText: 'live' }).waitFor({ timeout: 30_000 });

    // A device connects: it shows up online without a reload.
    const dev = await connectDevice('esp32-a00001', { url: hub.urls.mqtt!, password: hub.credentials.devicePassword('esp32-a00001') });
    const row = page.locator('#devices tr[data-device="esp32-a00001"]');
    await row.locator('.state', { hasText: 'online' }).waitFor({ timeout: 30_000 });
    assert.match(await row.innerText(), /firmware test/);

    // Pick it, push to it from the form: the push row turns delivered with its latency.
    await row.click();
    assert.equal(await page.inputValue('#push-target'), 'esp32-a00001');
    await page.fill('#push-msg', 'hello from the page');
    await page.click('#push-form button[type=submit]');
    const received = await dev.nextPush('hello from the page');
    const pushRow = page.locator(`#pushes tr[data-push="${received.id}"]`);
    await pushRow.locator('.state', { hasText: 'delivered' }).waitFor({ timeout: 30_000 });
    assert.match(await pushRow.locator('.receipts').innerText(), /^\d+ ms$/);

    // Its serial lines appear in the tail as they come.
    await dev.client.publishAsync('espkit/esp32-a00001/serial', 'boot: ready', { qos: 1 });
    await page.locator('#serial', { hasText: 'boot: ready' }).waitFor({ timeout: 30_000 });
    await dev.client.publishAsync('espkit/esp32-a00001/serial', '<b>not html</b>', { qos: 1 });
    await page.locator('#serial', { hasText: '<b>not html</b>' }).waitFor({ timeout: 30_000 });

    // A refused push shows the hub's one-line reason.
    await page.fill('#push-target', 'Not-An-Id');
    await page.fill('#push-msg', 'x');
    await page.click('#push-form button[type=submit]');
    await page.locator('#push-error', { hasText: 'not a device id' }).waitFor({ timeout: 30_000 });

    // It goes away: offline without a reload.
    await dev.drop();
    await row.locator('.state', { hasText: 'offline' }).waitFor({ timeout: 30_000 });
    await page.screenshot({ path: join(tmpdir(), 'espkit-dashboard.png') });
    assert.deepEqual(errors, []);
  } finally {
    await context?.close();
    await hub.close();
    rmSync(profile, { recursive: true, force: true });
  }
});
