// `espkit push` as people run it: against the hub and against mosquitto, its words and exit codes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHub, type Hub } from '../../host/hub/hub.ts';
import { connectDevice } from '../../bench/support/device-client.ts';
import { MOSQUITTO, startMosquitto, type TestBroker } from '../../bench/support/brokers.ts';

const CLI = fileURLToPath(new URL('../../bin/espkit.js', import.meta.url));
const emptyHome = mkdtempSync(join(tmpdir(), 'espkit-nohub-'));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function espkit(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { ...process.env, ESPKIT_BROKER: '', ESPKIT_CA: '', ESPKIT_HUB_DIR: emptyHome, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

let hub: Hub;
before(async () => {
  hub = await startHub({ host: '127.0.0.1', mqttPort: 0, httpPort: 0 });
});
after(async () => {
  await hub.close();
  rmSync(emptyHome, { recursive: true, force: true });
});

const dev = (id: string, url = hub.urls.mqtt!, subscribe = true) => connectDevice(id, { url, password: hub.credentials.devicePassword(id), subscribe });

test('delivered: prints the latency, exit 0', async () => {
  const d = await dev('esp32-900001');
  const r = await espkit(['push', 'esp32-900001', 'hello there', '--broker', hub.adminUrl()]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^delivered to esp32-900001 in \d+ ms \(push [0-9a-f]{12}\)\n$/);
  assert.equal((await d.nextPush('hello there')).ttl, 3600);
  await d.end();
});

test('offline device: "queued, device offline", exit 1, and it gets the push when it returns', async () => {
  const d = await dev('esp32-900002');
  await d.drop(); // its Will marks it offline
  const r = await espkit(['push', 'esp32-900002', 'while you were out', '--ttl', '600', '--broker', hub.adminUrl()]);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /^queued, device offline: esp32-900002 gets it when it returns within its ttl of 600 s/);
  const back = await dev('esp32-900002', hub.urls.mqtt!, false);
  assert.equal((await back.nextPush('while you were out')).ttl, 600);
  await back.end();
});

test('--json reports the state and receipts', async () => {
  const d = await dev('esp32-900003');
  const r = await espkit(['push', 'esp32-900003', 'json please', '--broker', hub.adminUrl(), '--json']);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { ok: boolean; state: string; receipts: { device: string }[]; push: { msg: string } };
  assert.equal(out.ok, true);
  assert.equal(out.state, 'delivered');
  assert.equal(out.receipts[0]!.device, 'esp32-900003');
  assert.equal(out.push.msg, 'json please');
  await d.end();
});

test('all: every online device acknowledges', async () => {
  const a = await dev('esp32-900004');
  const b = await dev('esp32-900005');
  const r = await espkit(['push', 'all', 'fleet news', '--broker', hub.adminUrl(), '--wait', '20']);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /^delivered to \d+ devices \(p50 \d+ ms, p99 \d+ ms\)/);
  await a.nextPush('fleet news');
  await b.nextPush('fleet news');
  await a.end();
  await b.end();
});

test('refusals: bad id and over-long message exit 2 before any network; bad login and no broker exit 1', async () => {
  let r = await espkit(['push', 'Bad/Id', 'x']);
  assert.equal(r.code, 2);
  assert.equal(r.stderr, 'error: "Bad/Id" is not a device id: use lowercase letters, digits, \'-\' or \'_\' (1-32 characters), e.g. esp32-123456\n');
  r = await espkit(['push', 'esp32-900001', 'x'.repeat(101)]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^error: the message is 101 characters, over the limit of 100/);
  r = await espkit(['push', 'esp32-900001', 'x', '--ttl', 'soon']);
  assert.equal(r.code, 2);
  r = await espkit(['push', 'esp32-900001', 'x', '--broker', 'http://example']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /"http:" brokers are not supported/);
  r = await espkit(['push', 'esp32-900001', 'x']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /no broker given and no local hub/);
  const wrong = new URL(hub.adminUrl());
  wrong.password = 'wrong';
  r = await espkit(['push', 'esp32-900001', 'x', '--broker', wrong.toString()]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^error: cannot connect to the broker mqtt:\/\/admin:\*\*\*@127\.0\.0\.1:\d+\/?: the broker refused the login \(bad username or password\)/);
  assert.ok(!r.stderr.includes('wrong'), 'the password is not printed');
  assert.equal(r.stderr.split('\n').length, 2, 'one line');
});

test('with mqtts and no --ca, the local hub\'s CA is found in its data folder', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'espkit-localhub-'));
  const local = await startHub({ dataDir: dir, durable: false, host: '127.0.0.1', mqttPort: null, httpPort: 0, mqttsPort: 0, tls: true });
  try {
    const d = await connectDevice('esp32-900006', { url: local.urls.mqtts!, password: local.credentials.devicePassword('esp32-900006'), ca: local.ca });
    let r = await espkit(['push', 'esp32-900006', 'local', '--broker', local.adminUrl('mqtts')], { ESPKIT_HUB_DIR: dir });
    assert.equal(r.code, 0, r.stderr);
    await d.nextPush('local');
    // Elsewhere (no hub folder), the certificate is not trusted and the error says what to do.
    r = await espkit(['push', 'esp32-900006', 'local', '--broker', local.adminUrl('mqtts')]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /certificate is not trusted .*pass --ca with the hub's ca\.pem/);
    await d.end();
  } finally {
    await local.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the same push command against mosquitto', { skip: MOSQUITTO ? false : 'mosquitto is not installed (apt-get install mosquitto)' }, async () => {
  let mosq: TestBroker | undefined;
  try {
    mosq = await startMosquitto({ persistence: false });
    const d = await connectDevice('esp32-900007', { url: mosq.url, password: 'unused' });
    let r = await espkit(['push', 'esp32-900007', 'via mosquitto', '--broker', mosq.url]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^delivered to esp32-900007 in \d+ ms/);
    await d.nextPush('via mosquitto');
    await d.drop();
    r = await espkit(['push', 'esp32-900007', 'queued at mosquitto', '--broker', mosq.url]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^queued, device offline/);
    const back = await connectDevice('esp32-900007', { url: mosq.url, password: 'unused', subscribe: false });
    await back.nextPush('queued at mosquitto');
    r = await espkit(['push', 'all', 'mosquitto broadcast', '--broker', mosq.url, '--wait', '20']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^delivered to 1 device /);
    await back.nextPush('mosquitto broadcast');
    await back.end();
    // Nobody online: a broadcast is only queued (exit 1), and says so.
    r = await espkit(['push', 'all', 'nobody home', '--broker', mosq.url]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^queued, no device online .*1 offline get it when they return/);
  } finally {
    await mosq?.close();
  }
});
