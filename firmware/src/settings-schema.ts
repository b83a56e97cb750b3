// Generated from core/settings.ts by scripts/settings/generate.ts: change the schema there and run
// `npm run settings:generate`, never this file (a test compares it with what the generator writes).

/** The settings file's name in Storage, the broker port of a URL without one, the default topic prefix. */
export const enum Stored {
  File = 'espkit.json',
  BrokerPort = 1883,
  Prefix = 'espkit',
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
  shards?: number;
  maxMessage?: number;
}

/** keepalive: a whole number of seconds; a stored value outside Min..Max counts as missing. */
export const enum Keepalive {
  Default = 30,
  Min = 2,
  Max = 65535,
}

/** shards: a whole number of shards; a stored value outside Min..Max counts as missing. */
export const enum Shards {
  Default = 0,
  Min = 0,
  Max = 9999,
}

/** maxMessage: a whole number of characters; a stored value outside Min..Max counts as missing. */
export const enum MaxMessage {
  Default = 100,
  Min = 1,
  Max = 1000,
}

/** The keys BLE provisioning may set. */
export const PROVISIONABLE = ['ssid', 'wifiPassword', 'broker', 'brokerUser', 'brokerPassword', 'device', 'prefix'];
