// The device settings file: WiFi, broker, device id, topic prefix, BLE PIN. It lives in the board's
// Storage as JSON (never compiled into the firmware) and is written separately from the code, on a DLE
// line so the console neither echoes nor keeps it in its history. The board merges what we send into
// what it has (a key sent as null is removed), so secrets never travel back to the host.
// firmware/src/settings.ts reads the same file with the same keys.
import type { EspruinoRepl } from './repl.ts';
import { UsageError } from '../../core/errors.ts';
import { byteLiteral } from './literal.ts';
import { isDeviceId, MAX_MESSAGE_LIMIT } from '../../core/wire/push.ts';

export const SETTINGS_FILE = 'espkit.json';

export interface DeviceSettings {
  /** WiFi network name (at most 32 bytes). */
  ssid?: string;
  /** WiFi password: empty for an open network, else 8 to 63 characters (WPA2). */
  wifiPassword?: string;
  /** mqtt://host[:port] */
  broker?: string;
  brokerUser?: string;
  brokerPassword?: string;
  /** Device id used in topics; the firmware derives "esp32-" + the MAC's last 3 bytes when unset. */
  device?: string;
  /** Topic prefix; "espkit" when unset. */
  prefix?: string;
  /** PIN guarding BLE provisioning: 4 to 8 digits. */
  pin?: string;
  /** MQTT keepalive in seconds; 30 when unset. */
  keepalive?: number;
  /** Broadcast shards (core/wire/push.ts): 0 listens on <prefix>/all/push. */
  shards?: number;
  /** Longest push message the device takes, in characters; 100 when unset. It says so in its status. */
  maxMessage?: number;
}

export type SettingsPatch = { [K in keyof DeviceSettings]?: DeviceSettings[K] | null };

export const SECRET_KEYS: ReadonlyArray<keyof DeviceSettings> = ['wifiPassword', 'brokerPassword', 'pin'];

const TOPIC_LEVEL = /^[A-Za-z0-9_.-]{1,64}$/;

/**
 * Check settings given on the command line; a broker URL's user:password moves into brokerUser and
 * brokerPassword. Throws UsageError naming the option.
 */
export function validateSettings(input: SettingsPatch): SettingsPatch {
  const out: SettingsPatch = { ...input };
  if (typeof out.ssid === 'string' && (out.ssid.length === 0 || Buffer.byteLength(out.ssid) > 32)) {
    throw new UsageError('--wifi: a WiFi network name is 1 to 32 bytes');
  }
  if (typeof out.wifiPassword === 'string' && out.wifiPassword !== '' && (out.wifiPassword.length < 8 || out.wifiPassword.length > 63)) {
    throw new UsageError('--password: a WPA2 password is 8 to 63 characters (or empty for an open network)');
  }
  if (typeof out.broker === 'string') {
    let url: URL;
    try {
      url = new URL(out.broker);
    } catch {
      throw new UsageError(`--broker: "${out.broker}" is not a URL; use mqtt://host:1883`);
    }
    if (url.protocol !== 'mqtt:') throw new UsageError(`--broker: the firmware speaks plain MQTT only (mqtt://host:port), not ${url.protocol}//`);
    if (!url.hostname) throw new UsageError('--broker: the URL has no host; use mqtt://host:1883');
    if (url.username) out.brokerUser ??= decodeURIComponent(url.username);
    if (url.password) out.brokerPassword ??= decodeURIComponent(url.password);
    out.broker = `mqtt://${url.hostname}:${url.port || '1883'}`;
  }
  if (typeof out.device === 'string' && !isDeviceId(out.device)) {
    const why = out.device === 'all' ? 'is reserved for broadcasts' : 'must be 1 to 32 lowercase letters, digits, "-" or "_" (e.g. esp32-123456)';
    throw new UsageError(`--device: "${out.device}" ${why}`);
  }
  if (typeof out.prefix === 'string' && !out.prefix.split('/').every((level) => TOPIC_LEVEL.test(level))) {
    throw new UsageError(`--prefix: "${out.prefix}" must be topic levels of letters, digits, "-", "_" or "." separated by "/"`);
  }
  if (typeof out.pin === 'string' && !/^\d{4,8}$/.test(out.pin)) throw new UsageError('--pin: a PIN is 4 to 8 digits');
  if (typeof out.keepalive === 'number' && !(Number.isInteger(out.keepalive) && out.keepalive >= 2 && out.keepalive <= 65535)) {
    throw new UsageError('--keepalive: a keepalive is 2 to 65535 seconds');
  }
  if (typeof out.shards === 'number' && !(Number.isInteger(out.shards) && out.shards >= 0 && out.shards <= 9999)) {
    throw new UsageError('--shards: the broadcast shard count is 0 to 9999');
  }
  if (typeof out.maxMessage === 'number' && !(Number.isInteger(out.maxMessage) && out.maxMessage >= 1 && out.maxMessage <= MAX_MESSAGE_LIMIT)) {
    throw new UsageError(`--max-message: the longest message is 1 to ${MAX_MESSAGE_LIMIT} characters (the device keeps a few in RAM)`);
  }
  for (const [k, v] of Object.entries(out)) if (v === undefined) delete out[k as keyof DeviceSettings];
  return out;
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
