// The device's settings: a JSON file in Storage written by `espkit deploy` or over BLE provisioning; never
// compiled into the firmware. Its keys, defaults and limits are the schema's (core/settings.ts), which this
// reads through the copy generated for the firmware (settings-schema.ts).
import { Keepalive, MaxMessage, Shards, Stored, type StoredSettings } from './settings-schema.ts';

export type { StoredSettings };
export const SETTINGS_FILE = Stored.File;

export interface Settings {
  ssid: string;
  wifiPassword: string;
  /** Broker host and port, from "mqtt://host:port"; host is empty when no usable broker is set. */
  host: string;
  port: number;
  /** Why the stored broker URL is not used (undefined when it is, or when none is stored). */
  brokerProblem?: string;
  brokerUser?: string;
  brokerPassword?: string;
  /** The id in topics and the MQTT client id. */
  device: string;
  prefix: string;
  /** BLE provisioning PIN; provisioning is off without one. */
  pin?: string;
  /** MQTT keepalive, seconds. */
  keepalive: number;
  /** Longest push message delivered, in characters. */
  maxMessage: number;
  /** Broadcast shards: 0 subscribes to <prefix>/all/push, n > 0 to <prefix>/all/<k>/push. */
  shards: number;
}

/** "esp32-" + the last three bytes of the MAC, lowercase hex (the team's agreed default id). */
export function deviceIdFromMac(mac: string): string {
  const hex = mac.toLowerCase().replace(/[^0-9a-f]/g, '');
  return 'esp32-' + hex.substr(hex.length - 6);
}

export interface BrokerAddress {
  host: string;
  port: number;
  /** A login written into the URL (mqtt://user:pass@host), percent-decoded. */
  user?: string;
  password?: string;
}

const SCHEME = 'mqtt://';

/**
 * The broker of "mqtt://[user[:password]@]host[:port][/]" (port 1883 when absent), or why the text is not
 * such a URL. Plain string work on purpose: Espruino's regex engine has no `?`, `{n,m}` or `(?:...)`
 * (docs/firmware-on-espruino.md), so a URL pattern that V8 accepts silently never matches on the board.
 * The host normally moves a login into brokerUser/brokerPassword (host/espruino/settings.ts), but a
 * URL set over BLE provisioning arrives as typed, so a login in it is taken too.
 */
export function parseBroker(url: string): BrokerAddress | string {
  if (url.substr(0, 8) === 'mqtts://') return 'mqtts:// needs TLS, which this firmware lacks';
  if (url.substr(0, SCHEME.length) !== SCHEME) return 'not mqtt://';
  let rest = url.substr(SCHEME.length);
  if (rest.charAt(rest.length - 1) === '/') rest = rest.substr(0, rest.length - 1);
  // the last '@' ends the login, as in WHATWG URLs: an unencoded '@' in a password stays in the password
  const at = rest.lastIndexOf('@');
  const login = at >= 0 ? rest.substr(0, at) : undefined;
  rest = rest.substr(at + 1);
  const colon = rest.indexOf(':');
  const host = colon >= 0 ? rest.substr(0, colon) : rest;
  if (!host || !plainText(host, '/?#[]@')) return 'bad host';
  let port = Stored.BrokerPort;
  if (colon >= 0) {
    const digits = rest.substr(colon + 1);
    port = parseInt(digits, 10);
    // decimal digits only, no sign, spaces or leading zero: the number must print back as the text
    if (String(port) !== digits || !(port > 0 && port < 65536)) return 'bad port';
  }
  const out: BrokerAddress = { host, port };
  if (login !== undefined) {
    const sep = login.indexOf(':');
    out.user = decodeURIComponent(sep >= 0 ? login.substr(0, sep) : login);
    if (sep >= 0) out.password = decodeURIComponent(login.substr(sep + 1));
  }
  return out;
}

/** No spaces, control characters or any of `refused`. */
function plainText(text: string, refused: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c <= 32 || c === 127 || refused.indexOf(text.charAt(i)) >= 0) return false;
  }
  return true;
}

/** A stored whole number within the schema's limits, else the default (a hand-edited or BLE-set file may hold anything). */
function whole(v: number | undefined, fallback: number, min: number, max: number): number {
  return typeof v === 'number' && v % 1 === 0 && v >= min && v <= max ? v : fallback;
}

/** Settings from what is stored, with defaults for what is not. */
export function resolveSettings(stored: StoredSettings, mac: string): Settings {
  const parsed = stored.broker ? parseBroker(stored.broker) : undefined;
  const broker = typeof parsed === 'object' ? parsed : undefined;
  return {
    ssid: stored.ssid || '',
    wifiPassword: stored.wifiPassword || '',
    host: broker ? broker.host : '',
    port: broker ? broker.port : Stored.BrokerPort,
    brokerProblem: typeof parsed === 'string' ? parsed : undefined,
    // a login given on its own wins over one written into the URL
    brokerUser: stored.brokerUser !== undefined ? stored.brokerUser : broker && broker.user,
    brokerPassword: stored.brokerPassword !== undefined ? stored.brokerPassword : broker && broker.password,
    device: stored.device || deviceIdFromMac(mac),
    prefix: stored.prefix || Stored.Prefix,
    pin: stored.pin,
    keepalive: whole(stored.keepalive, Keepalive.Default, Keepalive.Min, Keepalive.Max),
    maxMessage: whole(stored.maxMessage, MaxMessage.Default, MaxMessage.Min, MaxMessage.Max),
    shards: whole(stored.shards, Shards.Default, Shards.Min, Shards.Max),
  };
}

export function readStoredSettings(): StoredSettings {
  const stored = require('Storage').readJSON(SETTINGS_FILE, true);
  return stored && typeof stored === 'object' ? (stored as StoredSettings) : {};
}

/** Merge `changes` into the stored file (a value of null removes the key). */
export function updateStoredSettings(changes: { [key: string]: string | number | null }): void {
  const stored = readStoredSettings() as { [key: string]: unknown };
  for (const key in changes) {
    if (changes[key] === null) delete stored[key];
    else stored[key] = changes[key];
  }
  require('Storage').writeJSON(SETTINGS_FILE, stored);
}
