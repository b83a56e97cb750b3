// Compiles the CLI (host/cli.ts and everything it imports) into dist/cli/<build>/ with esbuild, so a run does
// not compile TypeScript. Run by `npm install` (prepare), by scripts/run-tests.js, and by bin/espkit.js when a
// source changed since the last build. Usage: node scripts/cli/build.js
//
// Each build gets its own folder and current.json is switched to it in one rename, so CLIs that start while
// another rebuilds, or that are still running from an older build and import a command's chunk late, never see
// a half-written tree. Folders superseded for more than an hour are removed.
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLI_DIR, MANIFEST, ROOT, freshEntry, readManifest } from './manifest.js';

const ENTRY = 'host/cli.ts';
/** The source folders a CLI build reads from; stat'ed before the build so an edit made during it is caught. */
const SOURCE_DIRS = ['host', 'flasher', 'sim', 'core'];
/** Files that change the build without being imported by it. */
const BUILD_FILES = ['scripts/cli/build.js', 'package.json', 'tsconfig.json'];
const LOCK = join(CLI_DIR, 'build.lock');
const LOCK_STALE_MS = 60_000;
const KEEP_OLD_BUILDS_MS = 60 * 60_000;

/** @param {string} dir @param {Map<string, [number, number]>} out */
function statTree(dir, out) {
  let names;
  try {
    names = readdirSync(join(ROOT, dir), { withFileTypes: true });
  } catch {
    return;
  }
  for (const d of names) {
    const rel = `${dir}/${d.name}`;
    if (d.isDirectory()) statTree(rel, out);
    else if (d.isFile()) {
      const st = statSync(join(ROOT, rel));
      out.set(rel, [st.mtimeMs, st.size]);
    }
  }
}

/**
 * esbuild moves every module into dist/cli/<build>/, so `import.meta.url` would point there. Modules find their
 * data (package.json, boards/, the dashboard's pages) relative to their own source file, so each one's
 * import.meta.url is rewritten to its source file's URL, expressed relative to the output folder so the tree
 * still works when the checkout moves.
 * @param {string} outdir
 * @returns {import('esbuild').Plugin}
 */
function sourceImportMetaUrl(outdir) {
  return {
    name: 'source-import-meta-url',
    setup(build) {
      build.onLoad({ filter: /\.[cm]?[jt]sx?$/ }, (args) => {
        if (args.path.includes(`${sep}node_modules${sep}`)) return undefined;
        const text = readFileSync(args.path, 'utf8');
        if (!text.includes('import.meta.url')) return undefined;
        const rel = relative(outdir, args.path).split(sep).join('/');
        const contents = text.replace(/\bimport\.meta\.url\b/g, `new URL(${JSON.stringify(rel)}, import.meta.url).href`);
        const ext = args.path.slice(args.path.lastIndexOf('.') + 1);
        const loader = ext === 'tsx' ? 'tsx' : ext.endsWith('ts') ? 'ts' : 'js';
        return { contents, loader };
      });
    },
  };
}

/** Builds the CLI now, whatever the state of dist/cli. @returns {Promise<string>} the entry file's path */
export async function buildCli() {
  const { build } = await import('esbuild');
  const before = new Map();
  for (const dir of SOURCE_DIRS) statTree(dir, before);
  const id = `${Date.now().toString(36)}-${process.pid}`;
  const outdir = join(CLI_DIR, id);
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: { cli: ENTRY },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    // Error classes and the like keep their names: bundling may rename clashing top-level names otherwise.
    keepNames: true,
    metafile: true,
    logLevel: 'error',
    plugins: [sourceImportMetaUrl(outdir)],
  });
  /** @type {Record<string, [number, number]>} */
  const inputs = {};
  for (const file of [...Object.keys(result.metafile.inputs), ...BUILD_FILES]) {
    const seen = before.get(file);
    if (seen) inputs[file] = seen;
    else {
      const st = statSync(join(ROOT, file));
      inputs[file] = [st.mtimeMs, st.size];
    }
  }
  // Which sources each output file holds, for tests that check what a command loads.
  /** @type {Record<string, string[]>} */
  const sources = {};
  for (const [out, meta] of Object.entries(result.metafile.outputs)) sources[relative(outdir, join(ROOT, out)).split(sep).join('/')] = Object.keys(meta.inputs);
  writeFileSync(join(outdir, 'sources.json'), `${JSON.stringify(sources, null, 1)}\n`);
  const tmp = `${MANIFEST}.${id}`;
  writeFileSync(tmp, `${JSON.stringify({ build: id, entry: 'cli.js', inputs }, null, 1)}\n`);
  renameSync(tmp, MANIFEST);
  pruneOldBuilds(id);
  return join(outdir, 'cli.js');
}

/** Removes build folders other than `keep` that have not been written for an hour. @param {string} keep */
function pruneOldBuilds(keep) {
  const now = Date.now();
  for (const d of readdirSync(CLI_DIR, { withFileTypes: true })) {
    if (!d.isDirectory() || d.name === keep) continue;
    const dir = join(CLI_DIR, d.name);
    try {
      if (now - statSync(dir).mtimeMs > KEEP_OLD_BUILDS_MS) rmSync(dir, { recursive: true, force: true });
    } catch {
      // another process pruned it first
    }
  }
}

/** @param {number} ms */
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Whether the build lock was left by a process that is gone (killed mid-build) or is older than any build takes.
 * @param {string} lock
 */
export function lockIsStale(lock = LOCK) {
  try {
    const pid = Number(readFileSync(lock, 'utf8'));
    if (Date.now() - statSync(lock).mtimeMs > LOCK_STALE_MS) return true;
    if (!Number.isInteger(pid) || pid <= 0) return false; // just created, pid not written yet
    process.kill(pid, 0);
    return false;
  } catch (err) {
    // ESRCH: no such process; ENOENT: released meanwhile (the caller just tries again)
    return /** @type {NodeJS.ErrnoException} */ (err).code === 'ESRCH';
  }
}

/**
 * The compiled CLI's entry, built first when it is missing or older than a source. One process builds at a
 * time (a lock file holding its pid); the others wait for it and use its build, or build themselves when the
 * lock's owner is gone.
 * @returns {Promise<string>}
 */
export async function ensureCli() {
  const fresh = freshEntry();
  if (fresh) return fresh;
  mkdirSync(CLI_DIR, { recursive: true });
  const giveUpWaiting = Date.now() + LOCK_STALE_MS;
  for (;;) {
    let fd;
    try {
      fd = openSync(LOCK, 'wx');
    } catch (err) {
      if (/** @type {NodeJS.ErrnoException} */ (err).code !== 'EEXIST') throw err;
      if (lockIsStale() || Date.now() > giveUpWaiting) {
        try { unlinkSync(LOCK); } catch { /* someone else cleared it */ }
        continue;
      }
      await sleep(50);
      const built = freshEntry();
      if (built) return built;
      continue;
    }
    try {
      writeFileSync(fd, String(process.pid));
      // another process may have finished a build between our check and taking the lock
      return freshEntry(readManifest()) ?? (await buildCli());
    } finally {
      closeSync(fd);
      try { unlinkSync(LOCK); } catch { /* already gone */ }
    }
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const entry = await ensureCli();
  console.log(`espkit CLI compiled: ${relative(ROOT, entry)}`);
}
