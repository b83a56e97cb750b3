// The devices' own events in the dashboard, in headless Chromium: what a door sensor publishes shows as its
// device's latest event and on top of the event list as it comes, without a reload; a text event that looks
// like HTML is shown as text, and a page opened later gets the events from its snapshot.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startHub } from '../../host/hub/hub.ts';
import { connectDevice } from '../../bench/support/device-client.ts';
import { CHROMIUM, NO_CHROMIUM, openBrowser } from './chromium.ts';

const HTML = '<img src=x onerror="window.pwned=1">door?';

test('dashboard: a device\'s latest event and the live event list', { skip: CHROMIUM ? false : NO_CHROMIUM }, async () => {
  const hub = await startHub({ host: '127.0.0.1', mqttPort: 0, httpPort: 0 });
  const browser = await openBrowser();
  const id = 'esp32-d0012a';
  const dev = await connectDevice(id, { url: hub.urls.mqtt!, password: hub.credentials.devicePassword(id) });
  try {
    const page = await browser.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(hub.loginLink());
    await page.locator('#link', { hasText: 'live' }).waitFor({ timeout: 30_000 });
    const row = page.locator(`#devices tr[data-device="${id}"]`);
    await row.waitFor({ timeout: 30_000 });
    assert.equal(await row.locator('.last-event').count(), 0, 'no event yet');
    assert.equal(await page.isVisible('#no-events'), true);

    await dev.client.publishAsync(`espkit/${id}/event`, JSON.stringify({ door: 'open', at: 1000 }), { qos: 1 });
    await row.locator('.last-event', { hasText: '{"door":"open","at":1000}' }).waitFor({ timeout: 30_000 });
    const first = page.locator('#events tbody tr').first();
    await first.locator('td', { hasText: '{"door":"open","at":1000}' }).waitFor({ timeout: 30_000 });
    assert.equal(await first.getAttribute('data-device'), id);
    assert.equal(await page.isVisible('#no-events'), false);

    // the door shuts: the latest changes and the new event goes on top
    await dev.client.publishAsync(`espkit/${id}/event`, JSON.stringify({ door: 'closed', at: 2000 }), { qos: 1 });
    await row.locator('.last-event', { hasText: '{"door":"closed","at":2000}' }).waitFor({ timeout: 30_000 });
    await first.locator('td', { hasText: '"closed"' }).waitFor({ timeout: 30_000 });
    assert.equal(await page.locator('#events tbody tr').count(), 2);
    assert.match(await page.locator('#events tbody tr').nth(1).innerText(), /"open"/);

    await dev.client.publishAsync(`espkit/${id}/event`, HTML, { qos: 1 });
    await row.locator('.last-event', { hasText: HTML }).waitFor({ timeout: 30_000 });
    assert.equal(await page.locator('main img').count(), 0, 'no element made from the text');
    assert.equal(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned), undefined);

    // a page opened now has them from its snapshot, newest first
    const later = await browser.context.newPage();
    later.on('pageerror', (e) => errors.push(e.message));
    await later.goto(hub.loginLink());
    await later.locator('#link', { hasText: 'live' }).waitFor({ timeout: 30_000 });
    await later.locator(`#devices tr[data-device="${id}"] .last-event`, { hasText: HTML }).waitFor({ timeout: 30_000 });
    assert.equal(await later.locator('#events tbody tr').count(), 3);
    assert.match(await later.locator('#events tbody tr').last().innerText(), /"open"/);
    assert.deepEqual(errors, []);
  } finally {
    await dev.end();
    await browser.close();
    await hub.close();
  }
});
