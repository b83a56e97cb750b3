// Where the bridge keeps its on-disk queues: $ESPKIT_BRIDGE_DIR, else ~/.espkit/bridge, one file per device.
import { homedir } from 'node:os';
import { join } from 'node:path';

export function defaultQueueDir(): string {
  return process.env.ESPKIT_BRIDGE_DIR ?? join(homedir(), '.espkit', 'bridge');
}

export function defaultQueueFile(device: string, dir = defaultQueueDir()): string {
  return join(dir, `${device}.queue`);
}
