// Built by `espkit build` and run on the real interpreter by test/firmware/settings-schema.test.ts: the
// firmware's resolveSettings over every stored value of settings-cases.ts, one JSON line each.
import { resolveSettings } from '../../../firmware/src/settings.ts';
import { STORED_CASES } from './settings-cases.ts';

declare function print(text: string): void;

for (let i = 0; i < STORED_CASES.length; i++) {
  const s = resolveSettings(STORED_CASES[i], '24:0a:c4:12:34:56');
  print('resolved ' + JSON.stringify({ prefix: s.prefix, port: s.port, keepalive: s.keepalive, shards: s.shards, maxMessage: s.maxMessage }));
}
