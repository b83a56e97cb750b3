// The CLI runs compiled JavaScript from dist/cli/, and never a build older than its sources.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { ensureCli, lockIsStale } from '../../scripts/cli/build.js';
import { CLI_DIR, ROOT, freshEntry, readManifest, type CliManifest } from '../../scripts/cli/manifest.js';

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };

function espkit(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/espkit.js'), ...args], { cwd: tmpdir(), encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('ensureCli leaves a build in dist/cli that is fresh and lists the CLI sources it read', async () => {
  const entry = await ensureCli();
  assert.ok(entry.startsWith(CLI_DIR), entry);
  const manifest = readManifest();
  assert.ok(manifest);
  assert.ok('host/cli.ts' in manifest.inputs && 'host/commands/index.ts' in manifest.inputs);
  // a rebuild by a concurrent process may have replaced it; either way the current one is fresh
  assert.ok(freshEntry(manifest));
});

test('a build is stale once a file it read changes size or mtime, or is gone', async () => {
  await ensureCli();
  const current = readManifest() as CliManifest;
  const dir = mkdtempSync(join(tmpdir(), 'espkit-fresh-'));
  try {
    const file = join(dir, 'source.ts');
    writeFileSync(file, 'export const a = 1;\n');
    const st = statSync(file);
    const rel = relative(ROOT, file);
    const withInput = (mtimeMs: number, size: number): CliManifest => ({ ...current, inputs: { [rel]: [mtimeMs, size] } });
    assert.ok(freshEntry(withInput(st.mtimeMs, st.size)), 'unchanged file: fresh');
    assert.equal(freshEntry(withInput(st.mtimeMs - 1, st.size)), undefined, 'other mtime: stale');
    assert.equal(freshEntry(withInput(st.mtimeMs, st.size + 1)), undefined, 'other size: stale');
    rmSync(file);
    assert.equal(freshEntry(withInput(st.mtimeMs, st.size)), undefined, 'deleted file: stale');
    assert.equal(freshEntry({ ...current, build: 'no-such-build', inputs: {} }), undefined, 'missing build folder: stale');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the compiled CLI finds its data beside its sources: --version reads package.json, --help lists every command', () => {
  const version = espkit(['--version']);
  assert.equal(version.code, 0, version.stderr);
  assert.equal(version.stdout.trim(), pkg.version);
  const help = espkit(['--help']);
  assert.equal(help.code, 0, help.stderr);
  for (const name of ['flash', 'build', 'deploy', 'monitor', 'bridge', 'push', 'hub', 'sim', 'ports', 'erase', 'info', 'backup', 'demo']) {
    assert.match(help.stdout, new RegExp(`^  ${name} `, 'm'), `--help lists ${name}`);
  }
});

test('a build lock holds others back only while its process lives and for at most a minute', () => {
  const dir = mkdtempSync(join(tmpdir(), 'espkit-lock-'));
  try {
    const lock = join(dir, 'build.lock');
    writeFileSync(lock, String(process.pid));
    assert.equal(lockIsStale(lock), false, 'a living builder keeps its lock');
    const gone = spawnSync(process.execPath, ['-e', '0']).pid!;
    writeFileSync(lock, String(gone));
    assert.equal(lockIsStale(lock), true, 'a builder that was killed leaves a stale lock');
    writeFileSync(lock, '');
    assert.equal(lockIsStale(lock), false, 'a lock just taken (no pid yet) holds');
    const old = (Date.now() - 120_000) / 1000;
    utimesSync(lock, old, old);
    assert.equal(lockIsStale(lock), true, 'a lock older than a minute is stale');
    rmSync(lock);
    assert.equal(lockIsStale(lock), false, 'no lock: nothing stale to clear');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
