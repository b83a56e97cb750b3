// The settings schema is written once (core/settings.ts): the firmware's copy is what the generator writes from
// it, the firmware resolves stored values by the schema's defaults and limits (in V8 and on the real
// interpreter), deploy has an option for every key the firmware reads, and push's --max-length stops where
// deploy --max-message does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { DEFAULT_BROKER_PORT, SETTINGS, SETTING_KEYS, wholeInRange, type DeviceSettings, type WholeField } from '../../core/settings.ts';
import { FIRMWARE_SCHEMA, firmwareSchemaSource } from '../../scripts/settings/generate.ts';
import { resolveSettings, type Settings, type StoredSettings } from '../../firmware/src/settings.ts';
import { PROVISIONABLE } from '../../firmware/src/settings-schema.ts';
import { addSettingOptions, flagName, settingsFromFlags } from '../../host/commands/settings-options.ts';
import { MAX_MESSAGE_LIMIT, DEFAULT_MAX_MESSAGE } from '../../core/wire/push.ts';
import { runOnEspruino } from '../../core/espruino/binary.ts';
import { realEspruino, needsRealEspruino } from '../helpers/espruino.ts';
import { run } from '../helpers/cli-process.ts';
import { builtCode } from '../../bench/support/firmware-harness.ts';
import { STORED_CASES } from './real/settings-cases.ts';

const WHOLE = SETTING_KEYS.filter((k): k is 'keepalive' | 'shards' | 'maxMessage' => SETTINGS[k].kind === 'whole');

/** What the schema says a device makes of a stored file (the host's reading of the same definition). */
function expected(stored: StoredSettings): Pick<Settings, 'prefix' | 'port' | 'keepalive' | 'shards' | 'maxMessage'> {
  const whole = (key: (typeof WHOLE)[number]): number => {
    const field: WholeField = SETTINGS[key];
    const v: unknown = stored[key];
    return typeof v === 'number' && wholeInRange(field, v) ? v : field.default;
  };
  const port = stored.broker && /:(\d+)$/.test(stored.broker) ? Number(/:(\d+)$/.exec(stored.broker)![1]) : DEFAULT_BROKER_PORT;
  return { prefix: stored.prefix || SETTINGS.prefix.default!, port, keepalive: whole('keepalive'), shards: whole('shards'), maxMessage: whole('maxMessage') };
}

test('the firmware\'s settings-schema.ts is, byte for byte, what core/settings.ts generates', () => {
  assert.equal(readFileSync(FIRMWARE_SCHEMA, 'utf8'), firmwareSchemaSource(), 'run npm run settings:generate');
  assert.deepEqual(PROVISIONABLE, SETTING_KEYS.filter((k) => SETTINGS[k].ble));
});

test('the firmware resolves stored whole numbers by the schema\'s defaults and limits (V8)', () => {
  for (const stored of STORED_CASES) {
    const s = resolveSettings(stored, '24:0a:c4:12:34:56');
    assert.deepEqual({ prefix: s.prefix, port: s.port, keepalive: s.keepalive, shards: s.shards, maxMessage: s.maxMessage }, expected(stored), JSON.stringify(stored));
  }
});

test('the firmware resolves stored settings the same way on the real interpreter', { skip: needsRealEspruino }, async () => {
  const code = await builtCode('test/firmware/real/settings-schema.entry.ts');
  const out = await runOnEspruino(realEspruino!, code, { timeoutMs: 20_000 });
  const resolved = out.output.split('\n').filter((l) => l.startsWith('resolved ')).map((l) => JSON.parse(l.slice('resolved '.length)) as unknown);
  assert.equal(resolved.length, STORED_CASES.length, `one line per case; the interpreter printed:\n${out.output}`);
  STORED_CASES.forEach((stored, i) => assert.deepEqual(resolved[i], expected(stored), `Espruino: ${JSON.stringify(stored)}`));
});

test('deploy has an option for every key the firmware reads, each within the schema\'s limits', () => {
  const command = addSettingOptions(new Command('deploy').exitOverride());
  const names = command.options.map((o) => o.attributeName());
  // the firmware's StoredSettings is generated from the same keys, so every key it can read is here
  for (const key of SETTING_KEYS) assert.ok(names.includes(flagName(SETTINGS[key].option)), `deploy has --${SETTINGS[key].option} for ${key}`);
  const longest: Record<string, string> = {};
  for (const key of WHOLE) longest[`--${SETTINGS[key].option}`] = String(SETTINGS[key].max);
  const flags = command.parse(Object.entries(longest).flat(), { from: 'user' }).opts();
  const settings: DeviceSettings = settingsFromFlags(flags) as DeviceSettings;
  for (const key of WHOLE) assert.equal(settings[key], SETTINGS[key].max, `deploy sets ${key} to its limit`);
  for (const key of WHOLE) {
    const past = new Command('deploy').exitOverride().configureOutput({ writeErr: () => {} });
    addSettingOptions(past);
    assert.throws(() => past.parse([`--${SETTINGS[key].option}`, String(SETTINGS[key].max + 1)], { from: 'user' }), new RegExp(`from ${SETTINGS[key].min} to ${SETTINGS[key].max}`));
  }
});

test('the wire contract\'s message limits are the schema\'s', () => {
  assert.equal(MAX_MESSAGE_LIMIT, SETTINGS.maxMessage.max);
  assert.equal(DEFAULT_MAX_MESSAGE, SETTINGS.maxMessage.default);
});

test('push --max-length and deploy --max-message refuse the same values, with one line and exit 2', async () => {
  const hub = mkdtempSync(join(tmpdir(), 'espkit-nohub-'));
  const env = { ...process.env, ESPKIT_HUB: hub, ESPKIT_HUB_DIR: hub, ESPKIT_BROKER: '' };
  try {
    const over = String(SETTINGS.maxMessage.max + 1);
    const push = await run(['push', 'esp32-123456', 'hi', '--max-length', over], { env });
    assert.equal(push.code, 2, push.stderr);
    assert.match(push.stderr, new RegExp(`^error: option '--max-length <n>' argument '${over}' is invalid\\. --max-length is a whole number of characters from 1 to ${SETTINGS.maxMessage.max}\\n`));
    const deploy = await run(['--port', 'socket://127.0.0.1:9', 'deploy', '--max-message', over], { env });
    assert.equal(deploy.code, 2, deploy.stderr);
    assert.match(deploy.stderr, new RegExp(`^error: option '--max-message <n>' argument '${over}' is invalid\\. --max-message is a whole number of characters from 1 to ${SETTINGS.maxMessage.max}\\n`));
  } finally {
    rmSync(hub, { recursive: true, force: true });
  }
});
