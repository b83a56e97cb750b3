// Where the compiled CLI lives and whether it still matches the sources. Kept free of dependencies: bin/espkit.js
// runs this on every start, so it only reads one small JSON file and stats the files the build was made from.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root (this file is scripts/cli/manifest.js). */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** dist/cli/: one folder per build, and current.json naming the newest. Ignored by git. */
export const CLI_DIR = join(ROOT, 'dist', 'cli');
export const MANIFEST = join(CLI_DIR, 'current.json');

/**
 * @typedef {object} CliManifest
 * @property {string} build   the build's folder under dist/cli/
 * @property {string} entry   the entry file inside it (cli.js)
 * @property {Record<string, [number, number]>} inputs  every file the build read, by path relative to the
 *   root, with the mtimeMs and size it had before the build started
 */

/** @returns {CliManifest | undefined} */
export function readManifest() {
  try {
    return /** @type {CliManifest} */ (JSON.parse(readFileSync(MANIFEST, 'utf8')));
  } catch {
    return undefined;
  }
}

/**
 * The compiled entry's path when every input still has the mtime and size it was built from, else undefined.
 * Any difference counts (not only newer), so a file restored from git or edited within the same millisecond as
 * the build, or deleted, also means a rebuild.
 * @param {CliManifest | undefined} manifest
 * @returns {string | undefined}
 */
export function freshEntry(manifest = readManifest()) {
  if (!manifest || typeof manifest.inputs !== 'object') return undefined;
  for (const [file, [mtimeMs, size]] of Object.entries(manifest.inputs)) {
    let st;
    try {
      st = statSync(join(ROOT, file));
    } catch {
      return undefined;
    }
    if (st.mtimeMs !== mtimeMs || st.size !== size) return undefined;
  }
  const entry = join(CLI_DIR, manifest.build, manifest.entry);
  try {
    statSync(entry);
  } catch {
    return undefined;
  }
  return entry;
}
