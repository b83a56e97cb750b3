// The README's "With a DevBoard: from blank board to push", walked as a new user would, through the CLI:
// a virtual DevBoard (`espkit sim`) stands in for the plugged-in board, found by `-p auto`; the hub runs in
// the background from the default data folder of a fresh home. Every step that says it worked must have
// worked, and the failures the README promises (wrong WiFi password, refused login, no broker) end non-zero
// with the device's reason. The Espruino release comes from a local release server (the placeholder images a
// virtual board boots), so `espkit flash --fast` runs unchanged and offline.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { once } from 'node:events';
import { join } from 'node:path';
import { isolatedEnv } from '../helpers/isolated-env.ts';
import { background, run, type Background } from '../helpers/cli-process.ts';
import { placeholderImages } from '../../sim/index.ts';
import { loadBoard } from '../../core/board.ts';
import { ESPRUINO_FILES } from '../../flasher/images/release.ts';

const AP = { ssid: 'MyWifi', password: 'correct horse' };

/** Espruino's binaries site, as far as `espkit flash` reads it: the three files of the release folder. */
async function releaseServer(): Promise<{ url: string; close(): void }> {
  const [bootloader, partitions, app] = placeholderImages(loadBoard()).map((r) => r.data);
  const files = new Map<string, Buffer>([[ESPRUINO_FILES.bootloader, bootloader!], [ESPRUINO_FILES.partitions, partitions!], [ESPRUINO_FILES.app, app!]]);
  const server = createServer((req, res) => {
    const body = files.get((req.url ?? '').split('/').pop() ?? '');
    res.writeHead(body ? 200 : 404, body ? { 'content-length': body.length } : {});
    res.end(body);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}/`, close: () => server.close() };
}

const release = await releaseServer();
const isolated = isolatedEnv({ ESPKIT_RELEASE_URL: release.url });
// the board registry of this home only, so `-p auto` finds this walk's board and no other test's
isolated.env.ESPKIT_SIM_REGISTRY = join(isolated.home, 'sims');
const { env } = isolated;
const running: Background[] = [];
after(async () => {
  for (const p of running.reverse()) await p.stop();
  release.close();
  isolated.remove();
});

function start(args: string[]): Background {
  const p = background(args, { env });
  running.push(p);
  return p;
}

async function ok(args: string[]): Promise<string> {
  const r = await run(args, { env });
  assert.equal(r.code, 0, `espkit ${args.join(' ')}:\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

async function fails(args: string[], code: number, reason: RegExp): Promise<string> {
  const r = await run(args, { env });
  assert.equal(r.code, code, `espkit ${args.join(' ')} should fail:\n${r.stdout}${r.stderr}`);
  assert.match(r.stderr, reason);
  return r.stdout;
}

test('the README\'s DevBoard steps on a virtual board: no step reports success while the device is not working', async () => {
  const sim = start(['sim', '--ap', `${AP.ssid}:${AP.password}`, '--no-pacing', '--no-pty', '--flash', join(isolated.home, 'board.bin')]);
  const [, device] = await sim.waitFor(/^(esp32-[0-9a-f]{6}) {2}MAC/m);
  await sim.waitFor(/running; Ctrl-C stops/);

  // 1. Plug it in and find it.
  assert.match(await ok(['ports']), /^\* +rfc2217:\/\/127\.0\.0\.1:\d+ .*espkit sim \(virtual\) +esp32-/m);

  // 2. Flash Espruino.
  assert.match(await ok(['flash', '--fast']), /flashed Espruino 2v29 \(downloaded\).*every region verified by MD5/);

  // 3. Start the hub, in another terminal; credentials find it and give the device an address.
  const hub = start(['hub', '--mqtt-port', '0', '--http-port', '0']);
  const [, mqttPort] = await hub.waitFor(/MQTT +mqtt:\/\/0\.0\.0\.0:(\d+)/);
  await hub.waitFor(/login link {2}http:\/\/127\.0\.0\.1:\d+\/login\?token=/);
  const creds = await ok(['hub', 'credentials', device!]);
  assert.match(creds, new RegExp(`^${device} +mqtt://${device}:[^@]+@[\\d.]+:${mqttPort}$`, 'm'));

  // 4. Build and deploy: the failures first, each with the device's reason and a non-zero exit.
  await fails(['deploy', '--wifi', AP.ssid, '--password', 'not the password', '--hub'], 1,
    /^error: the firmware is running, but esp32-\w+ is not online: the WiFi network "MyWifi" refused the password \(4WAY_HANDSHAKE_TIMEOUT\): check --password/m);
  await fails(['deploy', '--wifi', AP.ssid, '--password', AP.password, '--broker', `mqtt://${device}:wrong-password@127.0.0.1:${mqttPort}`], 1,
    new RegExp(`^error: the firmware is running, but ${device} is not online: the broker refused the device's login \\(.*\\): \`espkit hub credentials ${device}\``, 'm'));
  // the README's own command, then without --hub: the running hub is taken by itself, and said so
  assert.match(await ok(['deploy', '--wifi', AP.ssid, '--password', AP.password, '--hub']), /is online \([\d.]+ s after boot\)/);
  const deployed = await ok(['deploy', '--wifi', AP.ssid, '--password', AP.password]);
  assert.match(deployed, new RegExp(`^note: no --broker or --hub: using the hub running from ${join(isolated.home, '.espkit', 'hub')} \\(mqtt://[\\d.]+:${mqttPort}, login ${device}\\)`, 'm'));
  assert.match(deployed, new RegExp(`${device} runs firmware [\\d.]+ and is online`));

  // 5. Watch it, 6. Push: delivered, and the monitor shows the board printing it.
  const monitor = start(['monitor']);
  await monitor.waitFor(/--- espkit monitor on rfc2217:/);
  assert.match(await ok(['push', device!, 'Hello']), new RegExp(`^delivered to ${device} in \\d+ ms`));
  await monitor.waitFor(/espkit push \w+ Hello/);
  assert.equal(await monitor.stop(), 0, monitor.output);
  await fails(['push', 'esp32-000000', 'Hello'], 1, /esp32-000000 has never connected/);

  // With the hub stopped: push says there is none, and a deploy that keeps the stored broker says so and fails.
  assert.equal(await hub.stop(), 0, hub.output);
  await fails(['push', device!, 'Hello'], 2, /^error: no broker given and no hub running from /);
  const kept = await fails(['deploy', '--wifi', AP.ssid, '--password', AP.password], 1,
    /^error: the firmware is running, but esp32-\w+ is not online: the device cannot reach the broker at [\d.]+:\d+/m);
  assert.match(kept, /^note: no --broker or --hub, and no hub is running from .*: the device keeps the broker stored on it from an earlier deploy/m);
});
