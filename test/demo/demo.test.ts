// The main job as `npm start` runs it, ended with --once: a virtual board (none is plugged in here), the hub,
// Espruino flashed (the placeholder image when offline), the firmware built and deployed, a push and its receipt.
// The virtual board runs the real Espruino interpreter when a binary is found (ESPKIT_ESPRUINO passes through
// the isolated environment), else the model; the demo says which.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { isolatedEnv } from '../helpers/isolated-env.ts';
import { realEspruino } from '../helpers/espruino.ts';
import { run, type CliRun } from '../helpers/cli-process.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
// Nothing of the user's: a cached Espruino release, a hub in ~/.espkit or an ESPKIT_* setting would change
// what the demo flashes and where it connects. An unreachable release server makes the offline path certain.
const isolated = isolatedEnv({ ESPKIT_RELEASE_URL: 'http://127.0.0.1:9/' });
const env = isolated.env;
after(() => isolated.remove());

const espkit = (args: string[], deadlineMs: number): Promise<CliRun> => run(args, { env, deadlineMs });

const interpreter = realEspruino ? 'the real interpreter' : 'the model (no real Espruino binary)';

test(`espkit demo --once: flash, build, deploy, push, receipt on a virtual board running ${interpreter}, then it ends by itself`, async () => {
  const r = await espkit(['demo', '--virtual', '--once', '--no-pacing', '--mqtt-port', '0', '--http-port', '0', '--json'], 240_000);
  assert.equal(r.code, 0, r.stderr + r.stdout);
  const lines = r.stdout.split('\n').filter((l) => l.startsWith('{"t"')).map((l) => JSON.parse(l) as Record<string, unknown>);
  const done = lines.filter((l) => 'done' in l).map((l) => l.step);
  assert.deepEqual(done, [1, 2, 3, 4, 5, 6, 7], r.stdout);
  assert.ok(lines.some((l) => typeof l.note === 'string' && /placeholder application image/.test(l.note)), 'offline flash falls back to the placeholder');
  const said = realEspruino ? /^Espruino: real interpreter 2v29 \(/ : /^Espruino: model \(no binary/;
  assert.ok(lines.some((l) => typeof l.note === 'string' && said.test(l.note)), `the demo names the interpreter: ${said}`);
  const receipt = lines.find((l) => l.event === 'receipt');
  assert.ok(receipt && typeof receipt.latencyMs === 'number', 'a receipt with its latency');
  assert.ok(lines.some((l) => typeof l.board === 'string' && /espkit push \S+ Hello from espkit!/.test(l.board)), 'the board printed the push');
  assert.ok(lines.some((l) => typeof l.note === 'string' && /BLE notification to the phone: "Hello from espkit!"/.test(l.note)), 'the push went on over BLE');
  assert.ok(lines.some((l) => typeof l.note === 'string' && /^the board's console is bridged to the hub \(espkit\/esp32-[0-9a-f]{6}\/serial\)/.test(l.note)), 'the console goes to the dashboard');
  assert.ok(lines.some((l) => typeof l.note === 'string' && /^dashboard: http:\/\/127\.0\.0\.1:\d+\/login\?token=[\w-]{32} {2}\(a one-time login link/.test(l.note)), 'the dashboard with a way to log in');
  const summary = JSON.parse(r.stdout.slice(r.stdout.lastIndexOf('\n{\n') + 1)) as { ok: boolean; device: string; push: { delivered: boolean } };
  assert.equal(summary.ok, true);
  assert.match(summary.device, /^esp32-[0-9a-f]{6}$/);
  assert.equal(summary.push.delivered, true);
});

test('espkit demo on a port with no board behind it fails with one clear line', async () => {
  const r = await espkit(['--port', 'socket://127.0.0.1:9', 'demo', '--once', '--wifi', 'home', '--password', 'secret', '--mqtt-port', '0', '--http-port', '0'], 60_000);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^error: cannot reach socket:\/\/127\.0\.0\.1:9: connection refused/m);
});

test('espkit demo refuses half a WiFi login and a real board without WiFi', () => {
  const half = spawnSync(process.execPath, ['bin/espkit.js', 'demo', '--wifi', 'home'], { cwd: root, encoding: 'utf8', env });
  assert.equal(half.status, 2);
  assert.equal(half.stderr, 'error: give --wifi and --password together\n');
  const noWifi = spawnSync(process.execPath, ['bin/espkit.js', '--port', 'socket://127.0.0.1:9', 'demo', '--once'], { cwd: root, encoding: 'utf8', env });
  assert.equal(noWifi.status, 1);
  assert.match(noWifi.stderr, /a real board needs your WiFi: pass --wifi SSID --password PASSWORD/);
});
