// What the user names on the command line, turned into an image set:
//   (nothing)                 the Espruino release (--espruino <version>), from the cache or downloaded
//   DIR | FILE.tgz | FILE.zip a local copy of such a release (the three files found inside)
//   FILE.bin --offset ADDR    one image
//   FILE.bin                  a merged image (bootloader at 0x1000 inside it) goes to 0x0
//   ADDR=FILE ...             several images, like esptool's "ADDR FILE ADDR FILE" (also accepted)
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { BoardProfile } from '../../core/board.ts';
import { EspkitError, UsageError } from '../../core/errors.ts';
import { isArchiveName, readArchive, type ArchiveEntry } from './archive.ts';
import { DEFAULT_ESPRUINO_VERSION, ESPRUINO_FILES, checkReleaseFiles, fetchEspruinoRelease, type ReleaseFiles, type ReleasePart } from './release.ts';
import { hex, parseNumber, type ImageSet, type Region } from './regions.ts';

export interface SourceOptions {
  /** --offset for a single .bin. */
  offset?: number;
  /** --espruino <version>. */
  espruino?: string;
  /** Base URL of the release site (--release-url / ESPKIT_RELEASE_URL). */
  releaseUrl?: string;
  /** Cache directory (ESPKIT_CACHE). */
  cacheDir?: string;
  note?: (line: string) => void;
}

function readInput(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new EspkitError(`${path} does not exist`);
    if (code === 'EISDIR') throw new EspkitError(`${path} is a directory, not an image file`);
    throw new EspkitError(`cannot read ${path}: ${(err as Error).message}`);
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function releaseRegions(files: ReleaseFiles, board: BoardProfile, label: string): Region[] {
  const at: Record<ReleasePart, number> = { bootloader: board.images.bootloader, partitions: board.images.partitions, app: board.images.app };
  return (Object.keys(ESPRUINO_FILES) as ReleasePart[]).map((part) => ({
    address: at[part],
    data: files[part],
    name: `${ESPRUINO_FILES[part]}${label}`,
  }));
}

/** Pick the release's three files out of a list of paths (an archive or a directory walk). */
function releaseFromEntries(entries: ArchiveEntry[], where: string): { files: ReleaseFiles; version?: string } {
  const appEntry = entries.find((e) => basename(e.path) === ESPRUINO_FILES.app);
  if (!appEntry) {
    throw new EspkitError(`${where} holds no ${ESPRUINO_FILES.app}: give an Espruino ESP32 release (with ${Object.values(ESPRUINO_FILES).join(', ')}) or name the .bin files with ADDR=FILE`);
  }
  const dir = appEntry.path.slice(0, appEntry.path.length - ESPRUINO_FILES.app.length);
  const files = {} as ReleaseFiles;
  for (const part of Object.keys(ESPRUINO_FILES) as ReleasePart[]) {
    const entry = entries.find((e) => e.path === dir + ESPRUINO_FILES[part]);
    if (!entry) throw new EspkitError(`${where} has ${ESPRUINO_FILES.app} but no ${ESPRUINO_FILES[part]} beside it: the release is incomplete`);
    files[part] = entry.data;
  }
  const version = /espruino_(\d+v\d+(?:\.\d+)?)_esp32/.exec(where + '/' + dir)?.[1];
  return { files, version };
}

function walk(dir: string, depth: number, prefix = ''): ArchiveEntry[] {
  const out: ArchiveEntry[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (isDirectory(full)) {
      if (depth > 0) out.push(...walk(full, depth - 1, `${prefix}${name}/`));
    } else if ((Object.values(ESPRUINO_FILES) as string[]).includes(name)) {
      out.push({ path: prefix + name, data: readInput(full) });
    }
  }
  return out;
}

const PAIR = /^([^=]+)=(.+)$/;
const looksLikeNumber = (s: string): boolean => /^(0x[0-9a-f]+|\d+)([km])?$/i.test(s);

/**
 * An ADDR=FILE argument whose ADDR is no number (0xZZ=f.bin) is a mistyped address, not a file name with
 * an "=" in it: said as such, instead of "0xZZ=f.bin does not exist". A real file of that name still wins.
 */
function refuseBadAddresses(inputs: string[]): void {
  for (const s of inputs) {
    const m = PAIR.exec(s);
    if (m && /^[\w-]+$/.test(m[1]!) && !looksLikeNumber(m[1]!) && !existsSync(s)) parseNumber(m[1]!, 'address');
  }
}

function parsePairs(inputs: string[]): Array<{ address: number; path: string }> | undefined {
  refuseBadAddresses(inputs);
  if (inputs.every((s) => PAIR.test(s) && looksLikeNumber(PAIR.exec(s)![1]!))) {
    return inputs.map((s) => {
      const m = PAIR.exec(s)!;
      return { address: parseNumber(m[1]!, 'address'), path: m[2]! };
    });
  }
  if (inputs.length >= 2 && inputs.length % 2 === 0 && inputs.every((s, i) => (i % 2 === 0) === looksLikeNumber(s))) {
    const pairs: Array<{ address: number; path: string }> = [];
    for (let i = 0; i < inputs.length; i += 2) pairs.push({ address: parseNumber(inputs[i]!, 'address'), path: inputs[i + 1]! });
    return pairs;
  }
  return undefined;
}

/** Turn the command line's image arguments into an image set (files are read, nothing is written). */
export async function resolveImageSet(inputs: string[], board: BoardProfile, options: SourceOptions = {}): Promise<ImageSet> {
  if (inputs.length === 0) {
    if (options.offset !== undefined) throw new UsageError('--offset needs a .bin file to go with it');
    const release = await fetchEspruinoRelease({
      version: options.espruino ?? DEFAULT_ESPRUINO_VERSION,
      baseUrl: options.releaseUrl,
      cacheDir: options.cacheDir,
      note: options.note,
    });
    return {
      regions: releaseRegions(release.files, board, ` (Espruino ${release.version})`),
      description: `Espruino ${release.version} (${release.fromCache ? 'cached' : 'downloaded'})`,
      espruinoVersion: release.version,
    };
  }
  if (options.espruino !== undefined) throw new UsageError('--espruino picks a release to download; it cannot be combined with image files');

  const pairs = parsePairs(inputs);
  if (pairs) {
    if (options.offset !== undefined) throw new UsageError('--offset is for a single .bin file; ADDR=FILE pairs carry their own addresses');
    return {
      regions: pairs.map((p) => ({ address: p.address, data: readInput(p.path), name: basename(p.path) })),
      description: pairs.length === 1 ? basename(pairs[0]!.path) : `${pairs.length} files`,
    };
  }
  if (inputs.length > 1) {
    throw new UsageError(`give one release, one .bin file, or ADDR=FILE pairs (got ${inputs.length} arguments: ${inputs.join(' ')})`);
  }

  const input = inputs[0]!;
  if (isDirectory(input) || isArchiveName(input)) {
    if (options.offset !== undefined) throw new UsageError('--offset is for a single .bin file, not a release');
    let entries: ArchiveEntry[];
    if (isDirectory(input)) {
      entries = walk(input, 3);
    } else {
      try {
        entries = readArchive(input, readInput(input));
      } catch (err) {
        if (err instanceof EspkitError) throw err;
        throw new EspkitError(`${input} ${(err as Error).message}`);
      }
    }
    const { files, version } = releaseFromEntries(entries, input);
    checkReleaseFiles(files, input);
    const label = version ? ` (Espruino ${version})` : '';
    return {
      regions: releaseRegions(files, board, label),
      description: version ? `Espruino ${version} from ${input}` : `Espruino release in ${input}`,
      espruinoVersion: version,
    };
  }

  const data = readInput(input);
  let address = options.offset;
  if (address === undefined) {
    const boot = board.images.bootloader;
    if (data.length > boot && data[boot] === 0xe9 && data.subarray(0, boot).every((b) => b === 0xff)) {
      address = 0; // a merged image: erased bytes, then the bootloader at its offset
    } else {
      throw new UsageError(`where should ${basename(input)} go? Give --offset (e.g. --offset ${hex(board.images.app)} for an application) or write it as ADDR=FILE`);
    }
  }
  return { regions: [{ address, data, name: basename(input) }], description: basename(input) };
}
