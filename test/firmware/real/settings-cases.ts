// Stored settings files for the firmware to resolve: every whole-number field at its limits, one past them,
// not whole, of the wrong type and missing, so the device's reading can be held against the schema's.
// Plain data that `espkit build` compiles for the real interpreter too (settings-schema.entry.ts).
import type { StoredSettings } from '../../../firmware/src/settings.ts';

export const STORED_CASES: StoredSettings[] = [
  {},
  { prefix: 'lab/espkit', broker: 'mqtt://h:1884' },
  { broker: 'mqtt://h' },
  { keepalive: 2, shards: 0, maxMessage: 1 },
  { keepalive: 65535, shards: 9999, maxMessage: 1000 },
  { keepalive: 1, shards: -1, maxMessage: 0 },
  { keepalive: 65536, shards: 10000, maxMessage: 1001 },
  { keepalive: 2.5, shards: 1.5, maxMessage: 100.5 },
  { keepalive: '45', shards: '3', maxMessage: '300' } as unknown as StoredSettings,
  { keepalive: 45, shards: 16, maxMessage: 300 },
];
