// Where the hub lives by default: its data folder and its well-known ports.
import { homedir } from 'node:os';
import { join } from 'node:path';

/** MQTT's registered ports (IANA: 1883 plain, 8883 over TLS) and the HTTP side's. */
export const DEFAULT_MQTT_PORT = 1883;
export const DEFAULT_MQTTS_PORT = 8883;
export const DEFAULT_HTTP_PORT = 8080;

/** $ESPKIT_HUB (or the older $ESPKIT_HUB_DIR), else ~/.espkit/hub: the secret, the sessions, the local CA. */
export function defaultDataDir(): string {
  return process.env.ESPKIT_HUB || process.env.ESPKIT_HUB_DIR || join(homedir(), '.espkit', 'hub');
}
