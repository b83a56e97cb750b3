// What a firmware project gets from espkit itself: the typings of the Espruino API (firmware/types) and the
// device library (the pieces of espkit's own device program: console lines, settings, topics, WiFi, the MQTT
// session, pushes). Both are copied into the project, so it builds wherever espkit is installed and whatever
// version is installed later; `espkit init --update` copies them again (docs/firmware-projects.md).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, posix, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESPRUINO_RELEASE } from '../../core/espruino/binary.ts';

/** The espkit package (where firmware/, examples/ and package.json are). */
export const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Where the copies go in a project, relative to its root. */
export const PROJECT_TYPES_DIR = 'firmware/types';
export const PROJECT_LIBRARY_DIR = 'firmware/espkit';
/** The list of what was copied, so an update can remove what a newer espkit no longer has. */
export const MANIFEST_FILE = 'firmware/espkit/manifest.json';

/** The device program's modules a project may import; what they import comes along. */
const LIBRARY_ENTRIES = [
  'firmware/src/log.ts',
  'firmware/src/settings.ts',
  'firmware/src/topics.ts',
  'firmware/src/status.ts',
  'firmware/src/wifi.ts',
  'firmware/src/push.ts',
  'firmware/src/mqtt/session.ts',
  'firmware/src/mqtt/device-session.ts',
];
const LIBRARY_HOME = 'firmware/src/';

export interface CopiedFile {
  /** Path in the project, relative to its root, with forward slashes. */
  path: string;
  text: string;
}

export interface Manifest {
  espkit: string;
  espruino: string;
  files: string[];
}

export function espkitVersion(): string {
  return (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

function toPosix(path: string): string {
  return path.split(sep).join('/');
}

/** Every .d.ts under firmware/types, as it will sit in the project. */
export function typingFiles(root = PACKAGE_ROOT): CopiedFile[] {
  const out: CopiedFile[] = [];
  const walk = (dir: string): void => {
    for (const d of readdirSync(join(root, dir), { withFileTypes: true })) {
      const rel = `${dir}/${d.name}`;
      if (d.isDirectory()) walk(rel);
      else if (d.name.endsWith('.d.ts')) out.push({ path: rel, text: readFileSync(join(root, rel), 'utf8') });
    }
  };
  walk('firmware/types');
  return out.sort((a, b) => a.path.localeCompare(b.path));
}

const RELATIVE_IMPORT = /(\b(?:from|import)\s*')(\.{1,2}\/[^']+)(')/g;

/** Where a package file lands in the project's library folder: firmware/src/x.ts -> x.ts, anything else keeps its path. */
function libraryPath(packagePath: string): string {
  const inside = packagePath.startsWith(LIBRARY_HOME) ? packagePath.slice(LIBRARY_HOME.length) : packagePath;
  return `${PROJECT_LIBRARY_DIR}/${inside}`;
}

/**
 * The library: the entries and every module they import, with relative imports rewritten to the files'
 * places in the project (a module imported from outside firmware/src keeps its package path under the folder).
 */
export function libraryFiles(root = PACKAGE_ROOT): CopiedFile[] {
  const texts = new Map<string, string>();
  const pending = [...LIBRARY_ENTRIES];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (texts.has(file)) continue;
    const full = join(root, file);
    if (!existsSync(full)) throw new Error(`the device library module ${file} is missing from the espkit package: reinstall espkit`);
    const text = readFileSync(full, 'utf8');
    texts.set(file, text);
    for (const m of text.matchAll(RELATIVE_IMPORT)) pending.push(toPosix(relative(root, resolve(dirname(full), m[2]!))));
  }
  return [...texts].map(([file, text]) => {
    const path = libraryPath(file);
    const rewritten = text.replace(RELATIVE_IMPORT, (_, head: string, spec: string, tail: string) => {
      const target = libraryPath(toPosix(relative(root, resolve(dirname(join(root, file)), spec))));
      const rel = posix.relative(posix.dirname(path), target);
      return `${head}${rel.startsWith('.') ? rel : `./${rel}`}${tail}`;
    });
    return { path, text: rewritten };
  }).sort((a, b) => a.path.localeCompare(b.path));
}

/** The note beside the copies: what they are, which espkit they came from, how to refresh them. */
export function libraryNote(version: string): CopiedFile {
  return {
    path: `${PROJECT_LIBRARY_DIR}/README.md`,
    text: `# Copied from espkit ${version} (Espruino ${ESPRUINO_RELEASE})

This folder (the device library) and ../types (the typings of the Espruino API on the ESP32) were copied
from espkit by \`espkit init\`. Do not edit them: \`espkit init --update\` in the project folder replaces both
with the copies of the espkit that is installed, and keeps firmware/src as it is.
`,
  };
}

/** Everything espkit puts into a project and replaces on --update, with the manifest that lists it. */
export function espkitCopies(root = PACKAGE_ROOT): { files: CopiedFile[]; manifest: Manifest } {
  const version = espkitVersion();
  const files = [...typingFiles(root), ...libraryFiles(root), libraryNote(version)];
  const manifest: Manifest = { espkit: version, espruino: ESPRUINO_RELEASE, files: files.map((f) => f.path) };
  files.push({ path: MANIFEST_FILE, text: `${JSON.stringify(manifest, null, 2)}\n` });
  return { files, manifest };
}
