// An environment for an espkit child process that reads nothing of the user's: its own HOME (so ~/.espkit,
// the hub's and bridge's data, and ~/.cache/espkit with cached Espruino releases are fresh), its own
// ESPKIT_CACHE and XDG_CACHE_HOME, and none of the ESPKIT_* settings that point at the user's hub, bridge,
// broker or port. The real Espruino interpreter is the one exception: it is found as before (through
// ESPKIT_ESPRUINO), since tests choose it on purpose.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findEspruinoBinary } from '../../core/espruino/binary.ts';

/** Settings of the user's that would reach into their hub, bridge, broker or board. */
const USER_SETTINGS = ['ESPKIT_HUB', 'ESPKIT_HUB_DIR', 'ESPKIT_BRIDGE_DIR', 'ESPKIT_BROKER', 'ESPKIT_CA', 'ESPKIT_PORT', 'ESPKIT_RELEASE_URL', 'ESPKIT_SIM_REGISTRY'];

export interface IsolatedEnv {
  /** The temporary home (remove() deletes it). */
  home: string;
  env: NodeJS.ProcessEnv;
  remove(): void;
}

export function isolatedEnv(extra: NodeJS.ProcessEnv = {}): IsolatedEnv {
  const home = mkdtempSync(join(tmpdir(), 'espkit-home-'));
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of USER_SETTINGS) delete env[name];
  const real = findEspruinoBinary();
  Object.assign(env, {
    HOME: home,
    XDG_CACHE_HOME: join(home, '.cache'),
    ESPKIT_CACHE: join(home, '.cache', 'espkit'),
    ...(real ? { ESPKIT_ESPRUINO: real.path } : {}),
    ...extra,
  });
  return { home, env, remove: () => rmSync(home, { recursive: true, force: true }) };
}
