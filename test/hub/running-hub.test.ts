// A running hub can be found: it leaves hub.json in its data folder while it runs, and credentials, push and
// the errors use it (ports, TLS, CA) instead of assuming port 1883; nothing makes a secret it was not asked for.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHub } from '../../host/hub/hub.ts';
import { Credentials } from '../../host/hub/credentials.ts';
import { findRunningHub } from '../../host/hub/running.ts';
import { deviceAddress } from '../../host/hub/device-address.ts';
import { connectDevice } from '../../bench/support/device-client.ts';
import { run, type CliRun } from '../helpers/cli-process.ts';

function espkit(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return run(args, { env: { ...process.env, ESPKIT_BROKER: '', ESPKIT_CA: '', ESPKIT_HUB: '', ESPKIT_HUB_DIR: '', ...env } });
}

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'espkit-hubcard-'));
}

test('the hub writes hub.json while it runs; push and credentials find it (--hub and $ESPKIT_HUB); it is gone after stop', async () => {
  const dir = tempDir();
  const hub = await startHub({ dataDir: dir, durable: false, host: '127.0.0.1', mqttPort: 0, httpPort: 0 });
  try {
    const card = findRunningHub(dir);
    assert.ok(card, 'a card');
    assert.equal(card.ports.mqtt, hub.ports.mqtt);
    assert.equal(card.urls.http, hub.urls.http);
    assert.notEqual(hub.ports.mqtt, 1883);
    const d = await connectDevice('esp32-c00001', { url: hub.urls.mqtt!, password: hub.credentials.devicePassword('esp32-c00001') });
    try {
      let r = await espkit(['push', 'esp32-c00001', 'found you', '--hub', dir]);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^delivered to esp32-c00001/);
      r = await espkit(['push', 'esp32-c00001', 'by env'], { ESPKIT_HUB: dir });
      assert.equal(r.code, 0, r.stderr);
    } finally {
      await d.end();
    }
    const r = await espkit(['hub', 'credentials', 'esp32-c00001', '--hub', dir, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { running: boolean; logins: { user: string; url: string }[]; loopbackOnly: boolean; notes: string[] };
    assert.equal(out.running, true);
    assert.equal(out.logins[0]!.url, hub.adminUrl('mqtt').replace(/\/$/, ''));
    // the hub listens on 127.0.0.1 only: the device URL says so rather than pretend a board can reach it
    assert.match(out.logins[1]!.url, new RegExp(`^mqtt://esp32-c00001:[^@]+@127\\.0\\.0\\.1:${hub.ports.mqtt}$`));
    assert.equal(out.loopbackOnly, true);
    assert.ok(out.notes.some((n) => /listens on 127\.0\.0\.1 only.*--host 0\.0\.0\.0/.test(n)), out.notes.join('; '));
  } finally {
    await hub.close();
  }
  assert.equal(existsSync(join(dir, 'hub.json')), false, 'the card is removed on stop');
  const r = await espkit(['push', 'esp32-c00001', 'anyone?', '--hub', dir]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^error: no broker given and no hub running from .*: start `espkit hub`/);
  assert.ok(!r.stderr.includes('--broker ') || !/check .* --broker/.test(r.stderr));
  rmSync(dir, { recursive: true, force: true });
});

test('credentials never make a secret unless asked (--create)', async () => {
  const dir = tempDir();
  try {
    let r = await espkit(['hub', 'credentials', '--hub', dir]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^error: no hub secret in .*: start `espkit hub --data .*` once \(it makes one\), or give --create to make it now\n$/);
    assert.equal(existsSync(join(dir, 'secret')), false);
    r = await espkit(['hub', 'credentials', '--hub', dir, '--create']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(existsSync(join(dir, 'secret')), true);
    assert.match(r.stdout, /no hub is running from/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a refused admin login blames where the URL came from, never a --broker that was not given', async () => {
  const dir = tempDir();
  Credentials.load(dir); // the folder's secret ...
  const hub = await startHub({ dataDir: dir, durable: false, host: '127.0.0.1', mqttPort: 0, httpPort: 0, credentials: Credentials.ephemeral() }); // ... is not the hub's
  try {
    let r = await espkit(['push', 'esp32-c00002', 'x', '--hub', dir]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /refused the login \(bad username or password\): the hub in .* does not accept its own admin login/);
    assert.doesNotMatch(r.stderr, /--broker/);
    const wrong = new URL(hub.adminUrl());
    wrong.password = 'wrong';
    r = await espkit(['push', 'esp32-c00002', 'x'], { ESPKIT_BROKER: wrong.toString() });
    assert.match(r.stderr, /check the user:password in \$ESPKIT_BROKER\n$/);
  } finally {
    await hub.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a device is given an address it can reach: the LAN address, --host, or loopback with a note; a TLS-only hub gives mqtts and its port', () => {
  const hub = { pid: 1, startedAt: 1, dataDir: '/d', host: '0.0.0.0', prefix: 'espkit', urls: { mqtt: 'mqtt://127.0.0.1:1999', ws: '', http: '' }, ports: { mqtt: 1999, http: 1 }, tls: false };
  let a = deviceAddress({ hub, dataDir: '/d', lan: () => '192.168.1.10' });
  assert.deepEqual([a.scheme, a.host, a.port, a.loopbackOnly, a.notes], ['mqtt', '192.168.1.10', 1999, false, []]);
  a = deviceAddress({ hub, dataDir: '/d', host: 'hub.lan', lan: () => '192.168.1.10' });
  assert.equal(a.host, 'hub.lan');
  a = deviceAddress({ hub, dataDir: '/d', lan: () => undefined });
  assert.equal(a.host, '127.0.0.1');
  assert.equal(a.loopbackOnly, true);
  assert.match(a.notes[0]!, /no LAN address.*give --host/);
  a = deviceAddress({ hub: { ...hub, ports: { mqtts: 8999, http: 1 }, tls: true }, dataDir: '/d', lan: () => '10.0.0.2' });
  assert.deepEqual([a.scheme, a.port], ['mqtts', 8999]);
  assert.match(a.notes[0]!, /TLS only/);
});

test('revoke refuses an unknown id; restore undoes a revoke', async () => {
  const dir = tempDir();
  const hub = await startHub({ dataDir: dir, durable: false, host: '127.0.0.1', mqttPort: 0, httpPort: 0 });
  try {
    const d = await connectDevice('esp32-c00003', { url: hub.urls.mqtt!, password: hub.credentials.devicePassword('esp32-c00003') });
    await d.end();
    let r = await espkit(['hub', 'revoke', 'esp32-nobody', '--hub', dir]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^error: esp32-nobody has never logged in to this hub/);
    r = await espkit(['hub', 'revoke', 'esp32-c00003', '--hub', dir]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(Credentials.load(dir).isRevoked('esp32-c00003'), true);
    r = await espkit(['hub', 'restore', 'esp32-c00003', '--hub', dir]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(Credentials.load(dir).isRevoked('esp32-c00003'), false);
    r = await espkit(['hub', 'restore', 'esp32-c00003', '--hub', dir]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /is not revoked/);
  } finally {
    await hub.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
