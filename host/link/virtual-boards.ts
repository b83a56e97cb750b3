// Running virtual boards, as `espkit sim` announces them: one small JSON file per sim process in a runtime
// folder, written when its boards listen and removed when it stops. `espkit ports` lists them and `-p auto`
// takes one when no real board is plugged in. A file whose process is gone (a sim that was killed) is stale:
// it is ignored, and removed when seen.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

export interface VirtualBoardEntry {
  deviceId: string;
  mac: string;
  ports: { rfc2217: string; socket: string; pty?: string };
}

interface SimFile {
  pid: number;
  boards: VirtualBoardEntry[];
}

/** $ESPKIT_SIM_REGISTRY, else $XDG_RUNTIME_DIR/espkit/sims, else a per-user folder in the temp folder. */
export function registryDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.ESPKIT_SIM_REGISTRY) return env.ESPKIT_SIM_REGISTRY;
  if (env.XDG_RUNTIME_DIR) return join(env.XDG_RUNTIME_DIR, 'espkit', 'sims');
  return join(tmpdir(), `espkit-${userInfo().username}`, 'sims');
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // alive, another user's
  }
}

/** Announce this process's boards; the returned function (also run at exit) takes them back. */
export function announceVirtualBoards(boards: VirtualBoardEntry[], dir = registryDir()): () => void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, `${process.pid}.json`);
  const body: SimFile = { pid: process.pid, boards };
  // Written whole, then renamed: a reader never sees half a file.
  writeFileSync(`${file}.tmp`, `${JSON.stringify(body)}\n`);
  renameSync(`${file}.tmp`, file);
  const remove = (): void => {
    process.off('exit', remove);
    rmSync(file, { force: true });
  };
  process.on('exit', remove);
  return remove;
}

/** The boards of every running sim; stale or unreadable files are skipped. */
export function runningVirtualBoards(dir = registryDir()): VirtualBoardEntry[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => /^\d+\.json$/.test(n)).sort();
  } catch {
    return [];
  }
  const boards: VirtualBoardEntry[] = [];
  for (const name of names) {
    const file = join(dir, name);
    let parsed: SimFile;
    try {
      parsed = JSON.parse(readFileSync(file, 'utf8')) as SimFile;
    } catch {
      continue; // being written, or not ours
    }
    if (!Number.isInteger(parsed.pid) || !Array.isArray(parsed.boards)) continue;
    if (!alive(parsed.pid)) {
      rmSync(file, { force: true });
      continue;
    }
    boards.push(...parsed.boards.filter((b) => typeof b?.ports?.rfc2217 === 'string'));
  }
  return boards;
}
