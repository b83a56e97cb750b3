// The official Espruino release for the ESP32, fetched once into a cache and reused offline.
// Layout on Espruino's binaries site (its espruino_<v>_espressif_manifest.json and README_flash.txt):
//   <base>/espruino_<v>_esp32/bootloader.bin          at 0x1000
//   <base>/espruino_<v>_esp32/partitions_espruino.bin at 0x8000
//   <base>/espruino_<v>_esp32/espruino_esp32.bin      at 0x10000
// The same three names are inside the release archives (espruino_<v>_esp32.tgz, espruino_<v>.zip).
import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { EspkitError } from '../../core/errors.ts';
import { ESPRUINO_RELEASE } from '../../core/espruino/binary.ts';
import { checkEspImage } from './esp-image.ts';
import { parsePartitionTable } from './partition-table.ts';

export const ESPRUINO_FILES = {
  bootloader: 'bootloader.bin',
  partitions: 'partitions_espruino.bin',
  app: 'espruino_esp32.bin',
} as const;
export type ReleasePart = keyof typeof ESPRUINO_FILES;
export type ReleaseFiles = Record<ReleasePart, Buffer>;

/**
 * The release `espkit flash` installs when no --espruino is given: pinned, so a flash is repeatable, and the same
 * release the compiler's facts, the typings and the real interpreter in the tests are checked against.
 */
export const DEFAULT_ESPRUINO_VERSION = ESPRUINO_RELEASE;
export const DEFAULT_RELEASE_URL = 'https://www.espruino.com/binaries/';

/** ~/.cache/espkit, or $ESPKIT_CACHE, or $XDG_CACHE_HOME/espkit. */
export function cacheRoot(): string {
  if (process.env.ESPKIT_CACHE) return process.env.ESPKIT_CACHE;
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'espkit');
}

export function releaseBaseUrl(): string {
  return process.env.ESPKIT_RELEASE_URL || DEFAULT_RELEASE_URL;
}

/** "2v28", "2.28", "v2.28", "2v24.78" (a cutting-edge build) -> "2v28"/"2v24.78". */
export function normalizeVersion(text: string): string {
  const m = /^v?(\d+)[v.](\d+)(?:\.(\d+))?$/i.exec(text.trim());
  if (!m) throw new EspkitError(`bad Espruino version "${text}": write it as Espruino does, e.g. 2v28`, { code: 2 });
  return `${Number(m[1])}v${m[2]!.padStart(2, '0')}${m[3] ? `.${m[3]}` : ''}`;
}

/** Check that the three files are what they claim to be (a damaged or truncated file fails here). */
export function checkReleaseFiles(files: ReleaseFiles, where: string): void {
  const check = (part: ReleasePart, fn: (b: Buffer) => unknown): void => {
    try {
      fn(files[part]);
    } catch (err) {
      throw new EspkitError(`${ESPRUINO_FILES[part]} from ${where} ${(err as Error).message}`);
    }
  };
  check('bootloader', checkEspImage);
  check('partitions', parsePartitionTable);
  check('app', checkEspImage);
}

export interface FetchOptions {
  version: string;
  baseUrl?: string;
  cacheDir?: string;
  /** Notes for --verbose. */
  note?: (line: string) => void;
  /** Milliseconds to wait for one file; default 120 s. */
  timeoutMs?: number;
}

export interface FetchedRelease {
  version: string;
  files: ReleaseFiles;
  fromCache: boolean;
  dir: string;
}

interface CacheRecord {
  version: string;
  url: string;
  sha256: Record<ReleasePart, string>;
}

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

function readCache(dir: string): ReleaseFiles | undefined {
  const recordFile = join(dir, 'release.json');
  if (!existsSync(recordFile)) return undefined;
  try {
    const record = JSON.parse(readFileSync(recordFile, 'utf8')) as CacheRecord;
    const files = {} as ReleaseFiles;
    for (const part of Object.keys(ESPRUINO_FILES) as ReleasePart[]) {
      const data = readFileSync(join(dir, ESPRUINO_FILES[part]));
      if (sha256(data) !== record.sha256[part]) return undefined;
      files[part] = data;
    }
    return files;
  } catch {
    return undefined;
  }
}

async function download(url: string, timeoutMs: number): Promise<Buffer> {
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    throw new DownloadError(`cannot reach ${url} (${reason(err)})`, true);
  }
  if (res.status === 404) throw new DownloadError(`${url} does not exist (HTTP 404)`, false);
  if (!res.ok) throw new DownloadError(`${url} answered HTTP ${res.status} ${res.statusText}`.trim(), true);
  const expected = Number(res.headers.get('content-length') ?? NaN);
  let body: Buffer;
  try {
    body = Buffer.from(await res.arrayBuffer());
  } catch (err) {
    throw new DownloadError(`the download of ${url} was cut short (${reason(err)}); check the connection and run again`, true);
  }
  if (Number.isFinite(expected) && body.length !== expected) {
    throw new DownloadError(`the download of ${url} was cut short: got ${body.length} of ${expected} bytes; check the connection and run again`, true);
  }
  return body;
}

class DownloadError extends Error {
  constructor(message: string, readonly network: boolean) {
    super(message);
  }
}

function reason(err: unknown): string {
  const e = err as Error & { cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError') return 'timed out';
  return e?.cause?.code ?? e?.cause?.message ?? e?.message ?? String(err);
}

/** Get a release from the cache, or download it into the cache. */
export async function fetchEspruinoRelease(options: FetchOptions): Promise<FetchedRelease> {
  const version = normalizeVersion(options.version);
  const base = (options.baseUrl ?? releaseBaseUrl()).replace(/\/?$/, '/');
  const dir = join(options.cacheDir ?? cacheRoot(), 'espruino', version);
  const note = options.note ?? (() => {});
  const cached = readCache(dir);
  if (cached) {
    note(`using Espruino ${version} from the cache ${dir}`);
    return { version, files: cached, fromCache: true, dir };
  }
  const folder = `${base}espruino_${version}_esp32/`;
  const files = {} as ReleaseFiles;
  for (const part of Object.keys(ESPRUINO_FILES) as ReleasePart[]) {
    const url = folder + ESPRUINO_FILES[part];
    note(`downloading ${url}`);
    try {
      files[part] = await download(url, options.timeoutMs ?? 120_000);
    } catch (err) {
      if (!(err instanceof DownloadError)) throw err;
      if (!err.network) throw new EspkitError(`Espruino ${version} has no ESP32 build: ${err.message}; check the version (e.g. ${DEFAULT_ESPRUINO_VERSION})`);
      throw new EspkitError(`${err.message}; Espruino ${version} is not in the cache ${dir} either (give a local release directory, .tgz or .zip to flash offline)`);
    }
  }
  checkReleaseFiles(files, folder);
  // Write under temporary names, then rename: an interrupted run never leaves a half release behind.
  mkdirSync(dir, { recursive: true });
  rmSync(join(dir, 'release.json'), { force: true });
  const record: CacheRecord = { version, url: folder, sha256: {} as Record<ReleasePart, string> };
  for (const part of Object.keys(ESPRUINO_FILES) as ReleasePart[]) {
    const target = join(dir, ESPRUINO_FILES[part]);
    writeFileSync(`${target}.part`, files[part]);
    renameSync(`${target}.part`, target);
    record.sha256[part] = sha256(files[part]);
  }
  writeFileSync(join(dir, 'release.json'), `${JSON.stringify(record, null, 2)}\n`);
  note(`saved Espruino ${version} in ${dir}`);
  return { version, files, fromCache: false, dir };
}
