// The device settings schema, written once: every key of the settings file (espkit.json in the board's
// Storage), its type, default, limits, the kind of check it gets, and the `espkit deploy` option that sets it.
// The host validates and writes settings from this (host/espruino/settings.ts, host/commands/deploy.ts); the
// firmware reads a copy generated from it (firmware/src/settings-schema.ts, by scripts/gen-settings-schema.ts),
// so the device's defaults and limits are the host's. A test regenerates the copy and compares the bytes.

export const SETTINGS_FILE = 'espkit.json';

/** The settings file as stored: any key may be missing (the firmware then uses the field's default). */
export interface DeviceSettings {
  ssid?: string;
  wifiPassword?: string;
  broker?: string;
  brokerUser?: string;
  brokerPassword?: string;
  device?: string;
  prefix?: string;
  pin?: string;
  keepalive?: number;
  shards?: number;
  maxMessage?: number;
}

/**
 * How a value is checked, one check per kind (validateField):
 *   text      a string of min..max UTF-8 bytes
 *   password  empty (an open network) or min..max characters
 *   login     any string (a broker user name or password)
 *   broker    an mqtt:// URL (the host normalises it; a login in it moves to brokerUser/brokerPassword)
 *   deviceId  the wire contract's device id
 *   prefix    topic levels of letters, digits, "-", "_" or ".", separated by "/"
 *   digits    min..max decimal digits
 *   whole     a whole number from min to max
 */
export type SettingKind = 'text' | 'password' | 'login' | 'broker' | 'deviceId' | 'prefix' | 'digits' | 'whole';

interface FieldBase {
  kind: SettingKind;
  /** The `espkit deploy` option that sets it, without the dashes. */
  option: string;
  /** The option's value placeholder in help. */
  value: string;
  help: string;
  /** Never printed back (deploy --json shows "***"). */
  secret?: boolean;
  /** Settable over BLE provisioning too. */
  ble?: boolean;
}

export interface TextField extends FieldBase {
  kind: 'text' | 'password' | 'login' | 'broker' | 'deviceId' | 'prefix' | 'digits';
  /** What the firmware uses when the key is missing; absent when it has no fixed default. */
  default?: string;
  min?: number;
  max?: number;
}

export interface WholeField extends FieldBase {
  kind: 'whole';
  default: number;
  min: number;
  max: number;
  /** The unit named in help and errors ("seconds", "characters"). */
  unit: string;
}

export type SettingField = TextField | WholeField;

export type SettingsSchema = { readonly [K in keyof DeviceSettings]-?: NonNullable<DeviceSettings[K]> extends number ? WholeField : TextField };

export const SETTINGS: SettingsSchema = {
  ssid: { kind: 'text', option: 'wifi', value: '<ssid>', help: 'WiFi network the device joins', min: 1, max: 32, ble: true },
  wifiPassword: { kind: 'password', option: 'password', value: '<password>', help: 'WiFi password (empty for an open network)', min: 8, max: 63, secret: true, ble: true },
  broker: { kind: 'broker', option: 'broker', value: '<url>', help: 'MQTT broker, mqtt://[user:password@]host[:port]', ble: true },
  brokerUser: { kind: 'login', option: 'broker-user', value: '<name>', help: 'MQTT user name', ble: true },
  brokerPassword: { kind: 'login', option: 'broker-password', value: '<password>', help: 'MQTT password', secret: true, ble: true },
  device: { kind: 'deviceId', option: 'device', value: '<id>', help: 'device id in topics (default: esp32- and the MAC\'s last 3 bytes)', ble: true },
  prefix: { kind: 'prefix', option: 'prefix', value: '<prefix>', help: 'topic prefix', default: 'espkit', min: 1, max: 64, ble: true },
  pin: { kind: 'digits', option: 'pin', value: '<digits>', help: 'PIN that guards BLE provisioning (no PIN: provisioning is off)', min: 4, max: 8, secret: true },
  keepalive: { kind: 'whole', option: 'keepalive', value: '<s>', help: 'MQTT keepalive', unit: 'seconds', default: 30, min: 2, max: 65535 },
  shards: { kind: 'whole', option: 'shards', value: '<n>', help: 'broadcast shards the device listens on (0 = plain all/push)', unit: 'shards', default: 0, min: 0, max: 9999 },
  // the device keeps a few messages in RAM at once (its MQTT packet limit is 4 bytes a character and more)
  maxMessage: { kind: 'whole', option: 'max-message', value: '<n>', help: 'longest push message the device takes', unit: 'characters', default: 100, min: 1, max: 1000 },
};

export type SettingKey = keyof DeviceSettings;

export const SETTING_KEYS = Object.keys(SETTINGS) as SettingKey[];

/** The broker port when a URL names none (MQTT over TCP). */
export const DEFAULT_BROKER_PORT = 1883;

/** UTF-8 bytes of a string, counted by hand so that this file needs neither Buffer nor TextEncoder. */
export function utf8Length(text: string): number {
  let n = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return n;
}

const TOPIC_LEVEL = /^[A-Za-z0-9_.-]+$/;

/** Whether `value` is a whole number the field takes. */
export function wholeInRange(field: WholeField, value: number): boolean {
  return Number.isInteger(value) && value >= field.min && value <= field.max;
}

/**
 * Why a value does not pass its field's check, or undefined when it does. The deviceId and broker kinds
 * need the wire contract and URL parsing, which the host brings (host/espruino/settings.ts).
 */
export function fieldProblem(field: SettingField, value: string | number): string | undefined {
  if (field.kind === 'whole') {
    return typeof value === 'number' && wholeInRange(field, value) ? undefined : `must be a whole number of ${field.unit} from ${field.min} to ${field.max}`;
  }
  if (typeof value !== 'string') return 'must be text';
  const { min = 0, max = Infinity } = field;
  switch (field.kind) {
    case 'text': {
      const bytes = utf8Length(value);
      return bytes >= min && bytes <= max ? undefined : `must be ${min} to ${max} bytes (UTF-8)`;
    }
    case 'password':
      return value === '' || (value.length >= min && value.length <= max) ? undefined : `must be ${min} to ${max} characters (or empty for an open network)`;
    case 'digits':
      return /^\d+$/.test(value) && value.length >= min && value.length <= max ? undefined : `must be ${min} to ${max} digits`;
    case 'prefix':
      return value.split('/').every((level) => TOPIC_LEVEL.test(level) && level.length >= min && level.length <= max)
        ? undefined
        : `must be topic levels of 1 to ${max} letters, digits, "-", "_" or "." separated by "/"`;
    default:
      return undefined;
  }
}
