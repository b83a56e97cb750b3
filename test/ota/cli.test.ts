// espkit ota as a person runs it: through the hub running from a folder (POST /api/ota, its progress polled),
// against a broker directly (serving the chunks itself), --status, and the one-line refusals.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHub } from '../../host/hub/hub.ts';
import { run } from '../helpers/cli-process.ts';
import { isolatedEnv } from '../helpers/isolated-env.ts';
import { connectOtaDevice } from '../../bench/support/ota-device.ts';
import { versionFromBuild } from '../../host/ota/image.ts';

test('espkit ota: through the running hub, then straight to its broker, then --status and the refusals', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'espkit-ota-cli-'));
  const hub = await startHub({ dataDir: dir, host: '127.0.0.1', mqttPort: 0, httpPort: 0 });
  const env = isolatedEnv({ ESPKIT_HUB: dir });
  const ids = ['cli-a', 'cli-b', 'cli-c'];
  const devices = await Promise.all(ids.map((id) => connectOtaDevice(id, { url: hub.urls.mqtt!, password: hub.credentials.devicePassword(id), version: '1.0.0' })));
  try {
    for (let i = 0; i < 200 && !ids.every((id) => hub.fleet.device(id)?.online); i++) await new Promise((r) => setTimeout(r, 50));
    // a build's output and its source map, as espkit build leaves them
    const file = join(dir, 'firmware.js');
    writeFileSync(file, `var V="2.0.0";print("espkit ready x "+V);${'/* pad */'.repeat(300)}`);
    writeFileSync(`${file}.map`, JSON.stringify({ version: 3, sources: ['../firmware/src/version.ts'], sourcesContent: ["export const FIRMWARE_VERSION = '2.0.0';\n"], mappings: '' }));
    assert.equal(versionFromBuild(file), '2.0.0');

    const viaHub = await run(['ota', 'all', '--file', file, '--canary', '1', '--json'], { env: env.env });
    assert.equal(viaHub.code, 0, viaHub.stderr);
    const view = JSON.parse(viaHub.stdout) as { ok: boolean; stage: string; canary: string[]; counts: { updated: number } };
    assert.deepEqual([view.ok, view.stage, view.canary.length, view.counts.updated], [true, 'done', 1, 3]);
    assert.ok(devices.every((d) => d.version() === '2.0.0'));

    // an external broker (here the hub's own, reached as a client with the admin login): the command serves the chunks
    writeFileSync(file, `var V="2.1.0";${'/* pad */'.repeat(300)}`);
    const direct = await run(['ota', 'cli-b', '--file', file, '--fw-version', '2.1.0', '--broker', hub.adminUrl()], { env: env.env });
    assert.equal(direct.code, 0, direct.stderr);
    assert.match(direct.stdout, /serving the chunks from here/);
    assert.match(direct.stdout, /\[#+\] 2\.1\.0: 1\/1 updated, 0 in progress, 0 failed, 0 rolled back, 0 offline/);
    assert.equal(devices[1]!.version(), '2.1.0');

    const status = await run(['ota', '--status'], { env: env.env });
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, /cli-a\s+2\.0\.0\s+updated/);
    assert.match(status.stdout, /cli-b\s+2\.1\.0\s+updated/);

    for (const [args, error] of [
      [['ota', 'all', '--file', join(dir, 'none.js')], /no firmware at .*none\.js: run `espkit build` first/],
      [['ota', 'all', '--file', file], /does not contain its version "2\.0\.0"|cannot tell the version/],
      [['ota', 'all', '--file', file, '--fw-version', '2.1.0', '--canary', 'half'], /--canary "half" must be a percentage/],
      [['ota', 'Bad/Id', '--file', file], /is not a device id/],
      [['ota'], /say which device to update/],
      [['ota', 'nobody', '--file', file, '--fw-version', '2.1.0'], /the hub refused the rollout: nobody has never connected/],
      [['ota', 'all', '--chunk', '4096'], /--chunk is a whole number of bytes from 1 to 1024/],
    ] as const) {
      const r = await run([...args], { env: env.env });
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
      // one line says what is wrong (commander adds a pointer to --help after its own)
      assert.match(r.stderr.split('\n')[0]!, error);
    }
  } finally {
    await Promise.all(devices.map((d) => d.end()));
    await hub.close();
    env.remove();
    rmSync(dir, { recursive: true, force: true });
  }
});
