// The dashboard's serial tail and Send box end to end: a virtual DevBoard running Espruino, the bridge on its
// port publishing to the hub, and the page in headless Chromium. Without a bridge the Send box says why it
// cannot send; with one, a line typed in the page reaches the board and its answer shows in the tail.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBoard } from '../../sim/index.ts';
import { startHub } from '../../host/hub/hub.ts';
import { startBridge } from '../../host/bridge/run.ts';
import { connectDevice } from '../../bench/support/device-client.ts';
import { CHROMIUM, NO_CHROMIUM, openBrowser } from './chromium.ts';

const FAST = { pacing: false, installEspruino: true, application: { timing: { bootDelayMs: 5 } } };
const dir = mkdtempSync(join(tmpdir(), 'espkit-dashserial-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('serial tail and Send box through a bridge on a virtual board; without one, the reason', { skip: CHROMIUM ? false : NO_CHROMIUM }, async () => {
  const hub = await startHub({ host: '127.0.0.1', mqttPort: 0, httpPort: 0 });
  const board = await startBoard(FAST);
  const browser = await openBrowser();
  const id = board.deviceId;
  const dev = await connectDevice(id, { url: hub.urls.mqtt!, password: hub.credentials.devicePassword(id) });
  let bridge: Awaited<ReturnType<typeof startBridge>> | undefined;
  try {
    await board.waitForOutput(/>$/);
    const page = await browser.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(hub.loginLink());
    await page.locator('#link', { hasText: 'live' }).waitFor({ timeout: 30_000 });

    // The only device is shown by itself; with no bridge the Send box is off and says what to run.
    await page.locator('#serial-device', { hasText: id }).waitFor({ timeout: 30_000 });
    await page.locator('#cmd-status', { hasText: `No bridge for ${id} is connected` }).waitFor({ timeout: 30_000 });
    assert.equal(await page.isDisabled('#cmd-line'), true);
    assert.match(await page.locator('#serial-empty').innerText(), /they come from a bridge \(espkit bridge/);

    bridge = await startBridge({ port: board.ports.socket, device: id, broker: { url: hub.adminUrl('mqtt') }, prefix: hub.prefix, queueFile: join(dir, 'q') });
    await page.locator(`#devices tr[data-device="${id}"] .bridge`).waitFor({ timeout: 30_000 });
    await page.locator('#cmd-line:enabled').waitFor({ timeout: 30_000 });

    await page.fill('#cmd-line', 'print("dash"+"board-"+6*7)');
    await page.click('#cmd-form button[type=submit]');
    await page.locator('#serial', { hasText: 'dashboard-42' }).waitFor({ timeout: 30_000 });
    assert.match(await page.locator('#cmd-status').innerText(), /^sent to esp32-\w+'s console: print/);
    assert.equal(await page.inputValue('#cmd-line'), '');

    // The bridge goes: the box says so again, and the lines already shown stay.
    await bridge.close();
    bridge = undefined;
    await page.locator('#cmd-status', { hasText: `No bridge for ${id} is connected` }).waitFor({ timeout: 30_000 });
    assert.equal(await page.isDisabled('#cmd-form button'), true);
    assert.match(await page.locator('#serial').innerText(), /dashboard-42/);
    assert.deepEqual(errors, []);
  } finally {
    await bridge?.close();
    await dev.end();
    await browser.close();
    await board.close();
    await hub.close();
  }
});
