// The device's settings: a JSON file in Storage written by `espkit deploy` (host/espruino/settings.ts,
// same keys) or over BLE provisioning; never compiled into the firmware.
export const SETTINGS_FILE = 'espkit.json';

export interface Settings {
  ssid: string;
  wifiPassword: string;
  /** Broker host and port, from "mqtt://host:port". */
  host: string;
  port: number;
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

/** The stored file as it is (any key may be missing). */
export interface StoredSettings {
  ssid?: string;
  wifiPassword?: string;
  broker?: string;
  brokerUser?: string;
  brokerPassword?: string;
  device?: string;
  prefix?: string;
  pin?: string;
  keepalive?: number;
  maxMessage?: number;
  shards?: number;
}

/** "esp32-" + the last three bytes of the MAC, lowercase hex (the team's agreed default id). */
export function deviceIdFromMac(mac: string): string {
  const hex = mac.toLowerCase().replace(/[^0-9a-f]/g, '');
  return 'esp32-' + hex.substr(hex.length - 6);
}

/** Host and port of "mqtt://host:port" (port 1883 when absent); undefined when it is not such a URL. */
export function parseBroker(url: string | undefined): { host: string; port: number } | undefined {
  if (!url) return undefined;
  const m = /^mqtt:\/\/([^:/]+)(?::(\d+))?\/?$/.exec(url);
  if (!m) return undefined;
  const port = m[2] ? parseInt(m[2], 10) : 1883;
  if (!(port > 0 && port < 65536)) return undefined;
  return { host: m[1], port };
}

function positive(v: number | undefined, fallback: number): number {
  return typeof v === 'number' && v > 0 ? v : fallback;
}

/** Settings from what is stored, with defaults for what is not. */
export function resolveSettings(stored: StoredSettings, mac: string): Settings {
  const broker = parseBroker(stored.broker);
  return {
    ssid: stored.ssid || '',
    wifiPassword: stored.wifiPassword || '',
    host: broker ? broker.host : '',
    port: broker ? broker.port : 1883,
    brokerUser: stored.brokerUser,
    brokerPassword: stored.brokerPassword,
    device: stored.device || deviceIdFromMac(mac),
    prefix: stored.prefix || 'espkit',
    pin: stored.pin,
    keepalive: positive(stored.keepalive, 30),
    maxMessage: positive(stored.maxMessage, 100),
    shards: positive(stored.shards, 0),
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
