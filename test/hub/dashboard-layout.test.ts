// The dashboard holds any valid input: hostile text (100 × "é", a 2,000-character unbroken string, a run
// of emoji, text that looks like HTML) and a fleet of 100 devices with 500 pushes never widen the page at
// 1280 or 390 px, the state and receipt columns stay in view, HTML-looking text is shown as text, and the
// DOM stays bounded while the page keeps updating. Screenshots of each width go to
// $TMPDIR/espkit-dashboard-shots (replaced each run) for a person to look at.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import type { Page } from 'playwright-core';
import { startHub, type Hub } from '../../host/hub/hub.ts';
import { makePush } from '../../core/wire/push.ts';
import { connectDevice } from '../../bench/support/device-client.ts';
import { CHROMIUM, NO_CHROMIUM, openBrowser, type Browser } from './chromium.ts';

const skip = CHROMIUM ? false : NO_CHROMIUM;
const WIDTHS = [1280, 390];
const SHOTS = join(tmpdir(), 'espkit-dashboard-shots');

const EACUTE = 'é'.repeat(100);
const LONG = 'x'.repeat(1000) + 'Y'.repeat(1000);
const EMOJI = '😀🚀👩‍👩‍👧‍👦🇫🇷'.repeat(10);
const HTML = '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script><b>bold?</b>';

let browser: Browser | undefined;
before(async () => {
  if (skip) return;
  rmSync(SHOTS, { recursive: true, force: true });
  mkdirSync(SHOTS, { recursive: true });
  browser = await openBrowser();
});
after(async () => {
  await browser?.close();
});

async function openDashboard(hub: Hub): Promise<{ page: Page; errors: string[] }> {
  // logged in with a one-time link, as the demo does it
  const page = await browser!.context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(hub.loginLink());
  await page.locator('#link', { hasText: 'live' }).waitFor({ timeout: 30_000 });
  return { page, errors };
}

/** Widths after layout, and where the columns people must see end up. */
function measure(page: Page): Promise<{ doc: number; body: number; inner: number; outside: string[] }> {
  return page.evaluate(
    () =>
      new Promise((resolve) => {
        requestAnimationFrame(() => {
          const inner = window.innerWidth;
          const outside: string[] = [];
          for (const node of Array.from(document.querySelectorAll('#pushes tbody tr td:nth-child(4), #pushes tbody tr td:nth-child(5), #devices tbody tr td'))) {
            const r = node.getBoundingClientRect();
            if (r.left < 0 || r.right > inner + 0.5) outside.push(`${node.closest('tr')?.dataset.push ?? node.closest('tr')?.dataset.device}: ${Math.round(r.left)}..${Math.round(r.right)}`);
          }
          resolve({ doc: document.documentElement.scrollWidth, body: document.body.scrollWidth, inner, outside: outside.slice(0, 5) });
        });
      }),
  );
}

/** At each width: nothing wider than the viewport, columns in view, a screenshot of that width. */
async function checkWidths(page: Page, name: string): Promise<void> {
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    const m = await measure(page);
    assert.equal(m.inner, width);
    assert.equal(m.doc, width, `${name} at ${width} px: the page is ${m.doc} px wide`);
    assert.ok(m.body <= width, `${name} at ${width} px: the body is ${m.body} px wide`);
    assert.deepEqual(m.outside, [], `${name} at ${width} px: cells outside the viewport`);
    const file = join(SHOTS, `${name}-${width}.png`);
    await page.screenshot({ path: file, fullPage: true });
    const png = readFileSync(file);
    assert.equal(png.readUInt32BE(16), width, `${file} is as wide as the viewport`);
  }
}

test('hostile text keeps the layout at 1280 and 390 px and is shown as text', { skip }, async () => {
  const hub = await startHub({ host: '127.0.0.1', mqttPort: 0, httpPort: 0 });
  const id = `esp32-${'w'.repeat(26)}`; // the longest valid id
  const dev = await connectDevice(id, { url: hub.urls.mqtt!, password: hub.credentials.devicePassword(id) });
  const admin = await mqtt.connectAsync(hub.adminUrl('mqtt'), { clean: true, reconnectPeriod: 0 });
  try {
    const { page, errors } = await openDashboard(hub);
    await dev.client.publishAsync(`espkit/${id}/status`, JSON.stringify({ status: 'online', fw: HTML, ip: EACUTE, free: 1479, maxMessage: 100, note: LONG, emoji: EMOJI }), { qos: 1, retain: true });
    const sent = [];
    for (const msg of [EACUTE, Array.from(EMOJI).slice(0, 60).join(''), HTML.slice(0, 100)]) sent.push(await hub.push(id, msg));
    // Longer than any device takes, but a push seen on the broker is shown whatever it holds.
    const long = makePush(LONG, { maxLength: LONG.length });
    await admin.publishAsync(`espkit/${id}/push`, JSON.stringify(long), { qos: 1 });
    for (const line of [EACUTE, LONG, EMOJI, HTML]) await dev.client.publishAsync(`espkit/${id}/serial`, line, { qos: 1 });
    // the device's own events: JSON with a long value, and text
    for (const ev of [JSON.stringify({ note: LONG }), EMOJI, HTML]) await dev.client.publishAsync(`espkit/${id}/event`, ev, { qos: 1 });

    const row = page.locator(`#devices tr[data-device="${id}"]`);
    await row.locator('.sub', { hasText: 'free memory 1,479 JsVars' }).waitFor({ timeout: 30_000 });
    for (const p of [...sent, long]) await page.locator(`#pushes tr[data-push="${p.id}"] .state`, { hasText: 'delivered' }).waitFor({ timeout: 30_000 });
    await page.locator('#serial', { hasText: 'YYYY' }).waitFor({ timeout: 30_000 });
    await page.locator('#serial', { hasText: '<script>' }).waitFor({ timeout: 30_000 });
    await row.locator('.last-event', { hasText: '<script>' }).waitFor({ timeout: 30_000 });
    assert.equal(await page.locator('#events tbody tr').count(), 3);

    await checkWidths(page, 'hostile');

    // Shown as text, whole in the title.
    const html = page.locator(`#pushes tr[data-push="${sent[2]!.id}"] td:nth-child(3) div`);
    assert.equal(await html.textContent(), HTML.slice(0, 100));
    assert.equal(await html.getAttribute('title'), HTML.slice(0, 100));
    const longCell = page.locator(`#pushes tr[data-push="${long.id}"] td:nth-child(3) div`);
    assert.equal(await longCell.getAttribute('title'), LONG);
    assert.ok((await longCell.textContent())!.length < LONG.length, 'a long text is cut in the cell');
    assert.equal(await page.locator('main img, main script, main b').count(), 0, 'no element made from the text');
    assert.equal(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned), undefined);
    assert.match(await row.innerText(), /firmware <img src=x/);
    assert.equal(await row.locator('.seen').innerText(), 'online now');
    assert.deepEqual(errors, []);
  } finally {
    await admin.endAsync();
    await dev.end();
    await hub.close();
  }
});

test('100 devices and 500 pushes: the page renders them, stays bounded and keeps updating', { skip }, async () => {
  const hub = await startHub({ host: '127.0.0.1', mqttPort: 0, httpPort: 0 });
  try {
    const { page, errors } = await openDashboard(hub);
    const ids = Array.from({ length: 100 }, (_, i) => `esp32-f${String(i).padStart(5, '0')}`);
    // Straight into the hub's fleet view: what 100 boards and 500 receipts would bring, without 100 clients.
    for (const [i, id] of ids.entries()) hub.fleet.onStatus(id, JSON.stringify({ status: 'online', fw: '1.0.0', ip: `10.0.0.${i}`, free: 1400 + i, maxMessage: 100 }));
    for (let i = 0; i < 500; i++) {
      const id = ids[i % ids.length]!;
      const body = makePush(`push ${i} ${'é'.repeat(i % 90)}`);
      hub.fleet.onPush(id, body);
      if (i % 5 !== 0) hub.fleet.onReceipt(id, JSON.stringify({ id: body.id, at: Date.now() }));
    }
    await page.locator('#summary', { hasText: '100 of 100 devices online' }).waitFor({ timeout: 60_000 });
    await page.locator('#push-count', { hasText: '(the latest 50 of 500)' }).waitFor({ timeout: 60_000 });
    assert.equal(await page.locator('#devices tbody tr').count(), 100);
    assert.equal(await page.locator('#pushes tbody tr').count(), 50);
    await page.locator('#pushes tbody tr').first().locator('.state', { hasText: 'delivered' }).waitFor({ timeout: 30_000 });

    await checkWidths(page, 'fleet');
    const nodes = await page.evaluate(() => document.getElementsByTagName('*').length);
    assert.ok(nodes < 4000, `${nodes} elements in the page`);

    // Still live: a new push shows on top, the count goes on, a device going away is shown at once.
    const more = await hub.push(ids[7]!, 'one more');
    await page.locator('#pushes tbody tr').first().and(page.locator(`[data-push="${more.id}"]`)).waitFor({ timeout: 30_000 });
    await page.locator('#push-count', { hasText: '(the latest 50 of 501)' }).waitFor({ timeout: 30_000 });
    hub.fleet.onStatus(ids[3]!, 'offline');
    await page.locator(`#devices tr[data-device="${ids[3]}"] .seen`, { hasText: /s ago$/ }).waitFor({ timeout: 30_000 });
    await page.fill('#device-filter', 'f0009');
    await page.locator('#device-count', { hasText: '10 of 100' }).waitFor({ timeout: 30_000 });
    assert.deepEqual(errors, []);
  } finally {
    await hub.close();
  }
});
