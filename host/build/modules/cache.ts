// Where modules fetched from the module library are kept, so a later build needs no network: the
// `modules` folder of espkit's cache ($ESPKIT_CACHE, else $XDG_CACHE_HOME/espkit, else ~/.cache/espkit; the
// same root `espkit flash` keeps Espruino releases in). The cache holds other things too, and a user's may
// be in any state: only regular files named like a module are read, and a cache that cannot be written to
// only costs the next build a download.
//
// Two libraries may both have a module of one name with different code (a mirror, a fork, a test's server),
// so each library URL has a folder of its own, named from the URL and holding a record of it (source.json),
// and a build reads only the folder of the URL it uses. A file is where it is because of the URL it came
// from, so two builds fetching from two libraries at once cannot mix one's file with the other's record.
// Files directly in `modules/` were cached before that record existed: their library is unknown (locate.ts).
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export function modulesCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const root = env.ESPKIT_CACHE || join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'espkit');
  return join(root, 'modules');
}

/** The file in a library's folder that names the URL its modules came from. */
export const SOURCE_RECORD = 'source.json';

interface SourceRecord {
  url: string;
}

/**
 * The folder of `cacheDir` for the modules of the library at `baseUrl`: the host and path, readable, and a
 * hash of the whole URL, since the readable part alone would give http:// and https://, or two ports, one folder.
 */
export function libraryCacheDir(cacheDir: string, baseUrl: string): string {
  const readable = baseUrl.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/[^A-Za-z0-9.-]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 48);
  const hash = createHash('sha256').update(baseUrl).digest('hex').slice(0, 12);
  return join(cacheDir, `${readable || 'library'}-${hash}`);
}

/** The URL a library folder records, or undefined when it has no readable record. */
export function recordedUrl(dir: string): string | undefined {
  const text = readRegularFile(join(dir, SOURCE_RECORD));
  if (text === undefined) return undefined;
  try {
    const record = JSON.parse(text) as Partial<SourceRecord> | null;
    return typeof record?.url === 'string' ? record.url : undefined;
  } catch {
    return undefined;
  }
}

/** The cached `fileName` of the library at `baseUrl`, when its folder's record names that URL. */
export function readFromLibraryCache(cacheDir: string, baseUrl: string, fileName: string): { code: string; path: string } | undefined {
  const dir = libraryCacheDir(cacheDir, baseUrl);
  if (recordedUrl(dir) !== baseUrl) return undefined;
  const path = join(dir, fileName);
  const code = readRegularFile(path);
  return code === undefined ? undefined : { code, path };
}

/** Where another library's folder holds `fileName`, and that library's URL: the hint when a module is missing. */
export function cachedFromOtherLibrary(cacheDir: string, baseUrl: string, fileNames: readonly string[]): { path: string; url: string } | undefined {
  let entries: string[];
  try {
    entries = readdirSync(cacheDir).sort();
  } catch {
    return undefined;
  }
  for (const entry of entries) {
    const dir = join(cacheDir, entry);
    const url = recordedUrl(dir);
    if (url === undefined || url === baseUrl) continue;
    for (const file of fileNames) {
      const path = join(dir, file);
      if (readRegularFile(path) !== undefined) return { path, url };
    }
  }
  return undefined;
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

/**
 * Keep `text`, downloaded from the library at `baseUrl`, as `fileName` in that library's folder; false when
 * the cache cannot take it (the build goes on). The record is in place before the module file is.
 */
export function storeInCache(cacheDir: string, baseUrl: string, fileName: string, text: string): boolean {
  const dir = libraryCacheDir(cacheDir, baseUrl);
  try {
    mkdirSync(dir, { recursive: true });
    if (recordedUrl(dir) !== baseUrl) writeAtomically(dir, SOURCE_RECORD, `${JSON.stringify({ url: baseUrl } satisfies SourceRecord)}\n`);
    writeAtomically(dir, fileName, text);
    return true;
  } catch {
    return false;
  }
}

/** Readers see the old file or the whole new one, never a part: another build may read it meanwhile. */
function writeAtomically(dir: string, fileName: string, text: string): void {
  const tmp = join(dir, `.${fileName}.${process.pid}.tmp`);
  writeFileSync(tmp, text);
  renameSync(tmp, join(dir, fileName));
}
