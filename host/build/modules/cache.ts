// Where modules fetched from the module library are kept, so a later build needs no network: the
// `modules` folder of espkit's cache ($ESPKIT_CACHE, else $XDG_CACHE_HOME/espkit, else ~/.cache/espkit; the
// same root `espkit flash` keeps Espruino releases in). The cache holds other things too, and a user's may
// be in any state: only regular files named like a module are read, and a cache that cannot be written to
// only costs the next build a download.
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export function modulesCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const root = env.ESPKIT_CACHE || join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'espkit');
  return join(root, 'modules');
}

/** The text of a regular file, or undefined when there is none there (or it cannot be read). */
export function readRegularFile(file: string): string | undefined {
  try {
    if (!statSync(file).isFile()) return undefined;
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** Keep `text` as `fileName` in the cache; false when the cache cannot take it (the build goes on). */
export function storeInCache(dir: string, fileName: string, text: string): boolean {
  try {
    mkdirSync(dir, { recursive: true });
    const tmp = join(dir, `.${fileName}.${process.pid}.tmp`);
    writeFileSync(tmp, text);
    renameSync(tmp, join(dir, fileName));
    return true;
  } catch {
    return false;
  }
}
