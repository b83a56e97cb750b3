// `espkit demo` on a machine where `espkit hub` already runs: it uses that hub (found in the default data
// folder of the home, or by --hub) instead of starting its own, says so, and leaves it running; a --hub
// folder where no hub runs is one clear error.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { isolatedEnv } from '../helpers/isolated-env.ts';
import { background, run } from '../helpers/cli-process.ts';

const isolated = isolatedEnv({ ESPKIT_RELEASE_URL: 'http://127.0.0.1:9/' });
after(() => isolated.remove());
const { env } = isolated;

test('espkit demo uses the hub that is running, says which, and leaves it running', async () => {
  const hub = background(['hub', '--host', '127.0.0.1', '--mqtt-port', '0', '--http-port', '0', '--memory'], { env });
  try {
    const [, http] = await hub.waitFor(/dashboard +(http:\/\/127\.0\.0\.1:\d+)\//);
    const r = await run(['demo', '--virtual', '--once', '--no-pacing', '--json'], { env, deadlineMs: 240_000 });
    assert.equal(r.code, 0, r.stderr + r.stdout);
    const lines = r.stdout.split('\n').filter((l) => l.startsWith('{"t"')).map((l) => JSON.parse(l) as Record<string, unknown>);
    const hubStep = lines.find((l) => l.step === 2 && 'done' in l);
    assert.match(String(hubStep?.done), new RegExp(`^the hub already running from ${join(isolated.home, '.espkit', 'hub')} \\(pid \\d+\\): MQTT on port \\d+, dashboard at ${http}`));
    assert.ok(lines.some((l) => typeof l.note === 'string' && l.note.startsWith(`dashboard: ${http}/login?token=`)), 'a login link from the running hub');
    assert.ok(lines.some((l) => l.note === 'the hub keeps running after the demo (it was running before)'));
    const summary = JSON.parse(r.stdout.slice(r.stdout.lastIndexOf('\n{\n') + 1)) as { device: string; push: { delivered: boolean } };
    assert.equal(summary.push.delivered, true);
    // the running hub saw the device and the push: the demo happened on it
    const pushed = await run(['push', summary.device, 'after the demo', '--wait', '30'], { env });
    assert.equal(pushed.code, 1, 'the demo\'s board is gone');
    assert.match(pushed.stdout + pushed.stderr, /queued, device offline/, 'queued for a device the hub knows, not refused as unknown');
    assert.equal(hub.child.exitCode, null, 'the hub still runs');
  } finally {
    assert.equal(await hub.stop(), 0, hub.output);
  }
});

test('espkit demo --hub with a folder where no hub runs says so and ends non-zero', async () => {
  const empty = mkdtempSync(join(isolated.home, 'no-hub-'));
  const r = await run(['demo', '--virtual', '--once', '--no-pacing', '--hub', empty], { env, deadlineMs: 120_000 });
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.match(r.stderr, new RegExp(`^error: no hub is running from ${empty} \\(--hub\\): start \`espkit hub --data ${empty}\`, or leave --hub out`, 'm'));
});
