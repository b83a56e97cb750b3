// `espkit hub` prints a one-time dashboard login link at start, and `espkit hub login` gets a fresh one from
// the running hub; a hub over an external broker (`espkit hub --broker`) leaves its card too, so push finds
// it and credentials do not hand out device logins that broker would refuse.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isolatedEnv } from '../helpers/isolated-env.ts';
import { background, run } from '../helpers/cli-process.ts';
import { MOSQUITTO, startMosquitto } from '../../bench/support/brokers.ts';
import { connectDevice } from '../../bench/support/device-client.ts';

const isolated = isolatedEnv();
after(() => isolated.remove());
const { env } = isolated;

/** Open a login link as a browser would: the session cookie it sets, or the status it refuses with. */
async function openLink(url: string): Promise<{ status: number; cookie?: string }> {
  const res = await fetch(url, { redirect: 'manual' });
  const cookie = res.headers.get('set-cookie')?.split(';')[0];
  return { status: res.status, cookie };
}

test('espkit hub prints a one-time login link; espkit hub login prints a fresh one while it runs, and fails once it stopped', async () => {
  const data = mkdtempSync(join(isolated.home, 'hub-'));
  const hub = background(['hub', '--data', data, '--host', '127.0.0.1', '--mqtt-port', '0', '--http-port', '0', '--memory'], { env });
  try {
    const [, first] = await hub.waitFor(/login link {2}(http:\/\/127\.0\.0\.1:\d+\/login\?token=[\w-]+) {2}\(one-time, good for 10 minutes; `espkit hub login` prints a fresh one\)/);
    const opened = await openLink(first!);
    assert.equal(opened.status, 303);
    assert.match(opened.cookie ?? '', /^espkit_session=/);
    const origin = new URL(first!).origin;
    assert.equal((await fetch(`${origin}/api/devices`, { headers: { cookie: opened.cookie! } })).status, 200, 'the session works');
    assert.equal((await openLink(first!)).status, 401, 'a link works once');
    // a browser session cannot mint more links: that takes the admin login
    assert.equal((await fetch(`${origin}/api/login-links`, { method: 'POST', headers: { cookie: opened.cookie! } })).status, 403);

    const r = await run(['hub', 'login', '--hub', data], { env });
    assert.equal(r.code, 0, r.stderr);
    const [fresh, note] = r.stdout.trim().split('\n');
    assert.match(fresh!, new RegExp(`^${origin}/login\\?token=[\\w-]+$`));
    assert.match(note!, /^note: it logs in one browser, once, within 10 minutes/);
    assert.equal((await openLink(fresh!)).status, 303, 'the fresh link logs in');
    const byEnv = await run(['hub', 'login', '--json'], { env: { ...env, ESPKIT_HUB: data } });
    assert.equal(byEnv.code, 0, byEnv.stderr);
    assert.equal((JSON.parse(byEnv.stdout) as { validS: number }).validS, 600);
  } finally {
    assert.equal(await hub.stop(), 0, hub.output);
  }
  const gone = await run(['hub', 'login', '--hub', data], { env });
  assert.equal(gone.code, 1);
  assert.equal(gone.stderr, `error: no hub is running from ${data}: start \`espkit hub\` (it prints a login link itself), or pass --hub DIR\n`);
});

test('espkit hub --broker leaves its card: push finds the broker, credentials refuse device logins it cannot give, hub login works', { skip: MOSQUITTO ? false : 'mosquitto is not installed (apt-get install mosquitto)' }, async () => {
  const mosq = await startMosquitto({ persistence: false });
  const data = mkdtempSync(join(isolated.home, 'external-'));
  const hub = background(['hub', '--broker', mosq.url, '--data', data, '--host', '127.0.0.1', '--http-port', '0'], { env });
  const device = await connectDevice('esp32-e00001', { url: mosq.url, password: 'unused' });
  try {
    await hub.waitFor(/login link {2}http:\/\/127\.0\.0\.1:\d+\/login\?token=/);
    const card = JSON.parse(readFileSync(join(data, 'hub.json'), 'utf8')) as { broker?: string; urls: { http: string } };
    assert.equal(card.broker, mosq.url);

    const pushed = await run(['push', 'esp32-e00001', 'over mosquitto', '--hub', data], { env });
    assert.equal(pushed.code, 0, pushed.stderr);
    assert.match(pushed.stdout, /^delivered to esp32-e00001/);

    const creds = await run(['hub', 'credentials', 'esp32-e00001', '--hub', data], { env });
    assert.equal(creds.code, 1);
    assert.match(creds.stderr, /^error: the hub in .* runs over the external broker 127\.0\.0\.1:\d+, whose device logins are its own: add the device there and deploy with --broker/);

    const link = await run(['hub', 'login', '--hub', data], { env });
    assert.equal(link.code, 0, link.stderr);
    assert.equal((await openLink(link.stdout.split('\n')[0]!)).status, 303);
  } finally {
    await device.end();
    assert.equal(await hub.stop(), 0, hub.output);
    await mosq.close();
  }
  assert.equal(existsSync(join(data, 'hub.json')), false, 'the card is removed on stop');
});
