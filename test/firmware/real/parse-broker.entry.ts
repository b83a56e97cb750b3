// Built by `espkit build` and run on the real interpreter by parse-broker.test.ts: parseBroker on every
// URL of broker-urls.ts, one JSON line each.
import { parseBroker } from '../../../firmware/src/settings.ts';
import { BROKER_URLS } from './broker-urls.ts';

declare function print(text: string): void;

for (let i = 0; i < BROKER_URLS.length; i++) print('parsed ' + JSON.stringify(parseBroker(BROKER_URLS[i][0])));
