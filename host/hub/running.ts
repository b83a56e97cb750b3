// The running hub's address card: `espkit hub` writes hub.json into its data folder when it listens and
// removes it when it stops, so push, bridge, deploy, credentials and the demo reach the hub that is
// actually running (its ports, TLS and CA) instead of assuming port 1883. The embedded hub's card holds no
// secret: clients derive the admin login from the folder's secret. A hub over an external broker
// (`espkit hub --broker`) writes the broker URL with the login it was given, since nothing in the folder
// can derive that one; the card is readable by its owner only, like the secret beside it.
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const RUNNING_FILE = 'hub.json';

export interface RunningHub {
  /** The hub process, to tell a card left by a killed hub from a live one. */
  pid: number;
  /** When it started (ms since the epoch); with pid, which card is this run's. */
  startedAt: number;
  dataDir: string;
  /** The address the listeners are bound to (0.0.0.0: every interface). */
  host: string;
  prefix: string;
  /** Where to reach each listener from this machine, without credentials (an external hub has http only). */
  urls: { mqtt?: string; mqtts?: string; ws?: string; http: string };
  ports: { mqtt?: number; mqtts?: number; http: number };
  /** `espkit hub --broker`: the external broker, with the admin login (there is no embedded one). */
  broker?: string;
  tls: boolean;
  /** The CA certificate clients trust when tls is on (or the --ca of an external broker). */
  caFile?: string;
}

export function writeRunningHub(info: RunningHub): void {
  const file = join(info.dataDir, RUNNING_FILE);
  // written whole and renamed, so a reader never sees half a card
  writeFileSync(`${file}.tmp`, `${JSON.stringify(info, null, 1)}\n`, { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
}

/** Remove the card if it is still this run's (a newer hub in the same folder keeps its own). */
export function removeRunningHub(dataDir: string, pid: number, startedAt: number): void {
  const card = readCard(dataDir);
  if (card && card.pid === pid && card.startedAt === startedAt) rmSync(join(dataDir, RUNNING_FILE), { force: true });
}

/** The hub running from `dataDir`, or undefined when none is (no card, or its process is gone). */
export function findRunningHub(dataDir: string): RunningHub | undefined {
  const card = readCard(dataDir);
  return card && isAlive(card.pid) ? card : undefined;
}

function readCard(dataDir: string): RunningHub | undefined {
  const file = join(dataDir, RUNNING_FILE);
  if (!existsSync(file)) return undefined;
  try {
    const v = JSON.parse(readFileSync(file, 'utf8')) as Partial<RunningHub>;
    if (typeof v.pid !== 'number' || typeof v.startedAt !== 'number' || typeof v.urls !== 'object' || v.urls === null) return undefined;
    return { ...(v as RunningHub), dataDir };
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
