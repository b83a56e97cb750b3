// The device settings file: WiFi, broker, device id, topic prefix, BLE PIN and the rest of core/settings.ts's
// schema. It lives in the board's Storage as JSON (never compiled into the firmware) and is written separately from the code, on a DLE
// line so the console neither echoes nor keeps it in its history. The board merges what we send into
// what it has (a key sent as null is removed), so secrets never travel back to the host.
// The firmware reads the same file through a copy of the same schema (firmware/src/settings-schema.ts).
import type { EspruinoRepl } from './repl.ts';
import { UsageError } from '../../core/errors.ts';
import { byteLiteral } from './literal.ts';
import { isDeviceId } from '../../core/wire/push.ts';
import {
  DEFAULT_BROKER_PORT, SETTINGS, SETTINGS_FILE, SETTING_KEYS, fieldProblem, type DeviceSettings, type SettingField,
} from '../../core/settings.ts';

export { SETTINGS_FILE, type DeviceSettings };

export type SettingsPatch = { [K in keyof DeviceSettings]?: DeviceSettings[K] | null };

export const SECRET_KEYS: ReadonlyArray<keyof DeviceSettings> = SETTING_KEYS.filter((k) => SETTINGS[k].secret);

/**
 * Check settings given on the command line against the schema (core/settings.ts); a broker URL's
 * user:password moves into brokerUser and brokerPassword. Throws UsageError naming the option.
 */
export function validateSettings(input: SettingsPatch): SettingsPatch {
  const out: SettingsPatch = { ...input };
  if (typeof out.broker === 'string') {
    const { broker, user, password } = normaliseBroker(out.broker);
    out.broker = broker;
    if (user !== undefined) out.brokerUser ??= user;
    if (password !== undefined) out.brokerPassword ??= password;
  }
  for (const key of SETTING_KEYS) {
    const value = out[key];
    if (value === undefined || value === null) continue;
    const field: SettingField = SETTINGS[key];
    const problem = field.kind === 'deviceId' ? deviceIdProblem(String(value)) : fieldProblem(field, value);
    if (problem) throw new UsageError(`--${field.option}: ${field.secret ? 'the value' : JSON.stringify(value)} ${problem}`);
  }
  for (const [k, v] of Object.entries(out)) if (v === undefined) delete out[k as keyof DeviceSettings];
  return out;
}

function deviceIdProblem(id: string): string | undefined {
  if (isDeviceId(id)) return undefined;
  return id === 'all' ? 'is reserved for broadcasts' : 'must be 1 to 32 lowercase letters, digits, "-" or "_" (e.g. esp32-123456)';
}

/** mqtt://host:port with the login taken out, as the firmware reads it (firmware/src/settings.ts parseBroker). */
function normaliseBroker(text: string): { broker: string; user?: string; password?: string } {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`--broker: "${text}" is not a URL; use mqtt://host:${DEFAULT_BROKER_PORT}`);
  }
  if (url.protocol !== 'mqtt:') throw new UsageError(`--broker: the firmware speaks plain MQTT only (mqtt://host:port), not ${url.protocol}//`);
  if (!url.hostname) throw new UsageError(`--broker: the URL has no host; use mqtt://host:${DEFAULT_BROKER_PORT}`);
  return {
    broker: `mqtt://${url.hostname}:${url.port || DEFAULT_BROKER_PORT}`,
    user: url.username ? decodeURIComponent(url.username) : undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
  };
}

/** The settings with secrets replaced by "***", for printing. */
export function redactSettings(s: SettingsPatch): Record<string, string | number | null> {
  const out: Record<string, string | number | null> = {};
  for (const [k, v] of Object.entries(s)) {
    if (v === undefined) continue;
    out[k] = v !== null && SECRET_KEYS.includes(k as keyof DeviceSettings) ? '***' : v;
  }
  return out;
}

/**
 * Merge `patch` into the board's settings file. Returns the keys the file holds afterwards (names only:
 * no value comes back over the console).
 */
export async function writeSettings(repl: EspruinoRepl, patch: SettingsPatch): Promise<string[]> {
  const json = byteLiteral(Buffer.from(JSON.stringify(patch), 'utf8'));
  const file = JSON.stringify(SETTINGS_FILE);
  return repl.evaluate<string[]>(
    `(function(p){var S=require("Storage"),o=S.readJSON(${file},1)||{};for(var k in p){if(p[k]===null)delete o[k];else o[k]=p[k]}` +
      `S.writeJSON(${file},o);return Object.keys(S.readJSON(${file},1)||{})})(JSON.parse(${json}))`,
    { what: 'writing the settings' },
  );
}
