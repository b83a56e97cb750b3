#!/usr/bin/env node
// Runs every test/**/*.test.ts with Node's own test runner and the tsx loader.
// Node 20's runner does not discover .ts files by itself, so the list is built here.
// Usage: node scripts/run-tests.js [substring ...]  (only files whose path contains one of them)
// The files under test/hub/ run a second time with ESPKIT_HUB_FAST=0 (the hub without its fast path).
// The compiled CLI (dist/cli/) is brought up to date first, so the tests that spawn bin/espkit.js do not each
// wait for a rebuild.
import { readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ensureCli } from './cli/build.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const filters = process.argv.slice(2);

function walk(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...walk(full));
    else if (name.endsWith('.test.ts')) out.push(full);
  }
  return out;
}

const files = walk(join(root, 'test'))
  .map((f) => relative(root, f))
  .filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)));
if (files.length === 0) {
  console.error(`no test files match ${filters.join(' ') || 'test/**/*.test.ts'}`);
  process.exit(1);
}
// A source that does not compile right now is not fatal here: bin/espkit.js then runs the sources through tsx.
await ensureCli().catch(() => undefined);
const runner = ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-timeout=600000'];
const r = spawnSync(process.execPath, [...runner, ...files], { cwd: root, stdio: 'inherit' });
// The hub delivers through its fast path unless ESPKIT_HUB_FAST=0: its tests run again with aedes' own path,
// since either may be the one a hub uses (the fast path's start-up check decides).
const hubTests = files.filter((f) => f.split(sep)[1] === 'hub');
let again = 0;
if (hubTests.length > 0 && process.env.ESPKIT_HUB_FAST !== '0') {
  console.log(`# the hub's tests again with ESPKIT_HUB_FAST=0 (${hubTests.length} files)`);
  const env = { ...process.env, ESPKIT_HUB_FAST: '0' };
  again = spawnSync(process.execPath, [...runner, ...hubTests], { cwd: root, stdio: 'inherit', env }).status ?? 1;
}
process.exit((r.status ?? 1) || again);
