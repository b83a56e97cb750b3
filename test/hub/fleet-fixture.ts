// What the hub's session and held-push tests share: a data folder that goes away, a device logged in with the
// hub's own credentials, and waits on the fleet's view of devices and pushes (resolved from its events, so
// nothing here depends on how fast the machine is).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hub } from '../../host/hub/hub.ts';
import { connectDevice } from '../../bench/support/device-client.ts';

/** Runs `fn` with a fresh folder (a hub's data folder), removed afterwards. */
export async function withDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'espkit-hub-'));
  try {
    return await fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A device connected to the hub with its own login. */
export const device = (hub: Hub, id: string, extra: { subscribe?: boolean } = {}): ReturnType<typeof connectDevice> =>
  connectDevice(id, { url: hub.urls.mqtt!, password: hub.credentials.devicePassword(id), ...extra });

/** Resolves once the fleet's view of `id` satisfies `cond` (checked on each of its device events). */
export function fleetSees(hub: Hub, id: string, cond: (online: boolean) => boolean): Promise<void> {
  return new Promise((resolve) => {
    const check = (): void => {
      const d = hub.fleet.device(id);
      if (d && cond(d.online)) {
        hub.fleet.off('device', check);
        resolve();
      }
    };
    hub.fleet.on('device', check);
    check();
  });
}

/** Resolves once the push is delivered (its receipt arrived). */
export function delivered(hub: Hub, pushId: string): Promise<void> {
  return new Promise((resolve) => {
    const check = (): void => {
      if (hub.fleet.push(pushId)?.state === 'delivered') {
        hub.fleet.off('push', check);
        resolve();
      }
    };
    hub.fleet.on('push', check);
    check();
  });
}
