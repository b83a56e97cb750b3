// Who has a device open: scans /proc/<pid>/fd on Linux (what `fuser` does), for the "port busy" error.
import { readdirSync, readlinkSync, readFileSync, realpathSync } from 'node:fs';

export function findPortHolders(devicePath: string): string[] {
  if (process.platform !== 'linux') return [];
  let target: string;
  try {
    target = realpathSync(devicePath);
  } catch {
    return [];
  }
  const holders: string[] = [];
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return [];
  }
  for (const pid of pids) {
    if (Number(pid) === process.pid) continue;
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue; // another user's process, or it just exited
    }
    const holds = fds.some((fd) => {
      try {
        return readlinkSync(`/proc/${pid}/fd/${fd}`) === target;
      } catch {
        return false;
      }
    });
    if (!holds) continue;
    let comm = '?';
    try {
      comm = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
    } catch { /* exited */ }
    holders.push(`${comm} (pid ${pid})`);
  }
  return holders;
}
