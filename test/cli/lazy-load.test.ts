// Start-up loads only the command list: each command loads its own modules when it runs. Resolve hooks in the
// child (import and require) record every module it loads; the compiled chunks are mapped back to their sources
// (sources.json).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureCli } from '../../scripts/cli/build.js';
import { ROOT } from '../../scripts/cli/manifest.js';

/** Packages only some commands need: none may load before a command runs. */
const HEAVY_PACKAGES = ['typescript', 'esbuild', 'aedes', 'aedes-persistence', 'level', 'esptool-js', 'serialport', '@serialport', 'mqtt', 'ws', 'espruino', 'selfsigned', 'pako', '@jridgewell'];
/** Sources only some commands need. */
const HEAVY_SOURCES = [/^sim\//, /^host\/build\//, /^host\/hub\/hub\.ts$/, /^flasher\/session\.ts$/, /^host\/link\/serial-link\.ts$/, /^host\/push\/broker\.ts$/];

let work: string;

before(async () => {
  await ensureCli();
  work = mkdtempSync(join(tmpdir(), 'espkit-lazy-'));
  writeFileSync(join(work, 'hooks.mjs'), [
    "import { appendFileSync } from 'node:fs';",
    'export async function resolve(specifier, context, next) {',
    '  const r = await next(specifier, context);',
    "  appendFileSync(process.env.ESPKIT_TEST_LOAD_LOG, r.url + '\\n');",
    '  return r;',
    '}',
  ].join('\n'));
  writeFileSync(join(work, 'register.mjs'), "import { register } from 'node:module';\nregister('./hooks.mjs', import.meta.url);\n");
  // what modules require() (mqtt.js, typescript through createRequire), which the import hook does not see
  writeFileSync(join(work, 'require-hook.cjs'), [
    "const Module = require('node:module');",
    "const { appendFileSync } = require('node:fs');",
    "const { pathToFileURL } = require('node:url');",
    'const resolveFilename = Module._resolveFilename;',
    'Module._resolveFilename = function (...args) {',
    '  const file = resolveFilename.apply(this, args);',
    "  if (file.startsWith('/')) appendFileSync(process.env.ESPKIT_TEST_LOAD_LOG, pathToFileURL(file).href + '\\n');",
    '  return file;',
    '};',
  ].join('\n'));
});

after(() => rmSync(work, { recursive: true, force: true }));

/** Runs the CLI and returns the packages and the sources it loaded. */
function loaded(args: string[]): { packages: Set<string>; sources: Set<string>; code: number | null; stderr: string } {
  const log = join(work, `load-${args.join('_').replace(/\W/g, '')}.log`);
  writeFileSync(log, '');
  const r = spawnSync(process.execPath, ['--require', join(work, 'require-hook.cjs'), '--import', join(work, 'register.mjs'), join(ROOT, 'bin/espkit.js'), ...args], {
    cwd: work, encoding: 'utf8', env: { ...process.env, ESPKIT_TEST_LOAD_LOG: log, HOME: work },
  });
  const urls = readFileSync(log, 'utf8').split('\n').filter((u) => u.startsWith('file:'));
  const packages = new Set<string>();
  const sources = new Set<string>();
  // the build the CLI ran from: a source edited meanwhile may have made a newer one than ensureCli's
  const chunkMaps = new Map<string, Record<string, string[]>>();
  for (const url of urls) {
    const path = fileURLToPath(url);
    const pkg = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(path);
    if (pkg) {
      packages.add(pkg[1]!);
      if (pkg[1]!.startsWith('@')) packages.add(pkg[1]!.split('/')[0]!);
      continue;
    }
    const chunk = /\/dist\/cli\/([^/]+)\/([^/]+\.js)$/.exec(path);
    if (!chunk) continue;
    const dir = join(ROOT, 'dist', 'cli', chunk[1]!);
    if (!chunkMaps.has(dir)) chunkMaps.set(dir, JSON.parse(readFileSync(join(dir, 'sources.json'), 'utf8')) as Record<string, string[]>);
    for (const s of chunkMaps.get(dir)![chunk[2]!] ?? []) sources.add(s);
  }
  assert.ok(urls.some((u) => u.includes('/dist/cli/')), 'the compiled CLI ran, not the sources through tsx');
  return { packages, sources, code: r.status, stderr: r.stderr };
}

function assertLight(args: string[]): void {
  const { packages, sources, code, stderr } = loaded(args);
  assert.equal(code, 0, stderr);
  assert.deepEqual(HEAVY_PACKAGES.filter((p) => packages.has(p)), [], `espkit ${args.join(' ')} loads no command's packages`);
  assert.deepEqual([...sources].filter((s) => HEAVY_SOURCES.some((re) => re.test(s))), [], `espkit ${args.join(' ')} loads no command's modules`);
  assert.ok(sources.has('host/cli.ts') && sources.has('host/commands/index.ts'));
}

test('--version, --help and every command\'s --help load only the command list and commander', () => {
  assertLight(['--version']);
  assertLight(['--help']);
  for (const name of ['flash', 'build', 'deploy', 'monitor', 'bridge', 'push', 'hub', 'sim', 'erase', 'info', 'backup', 'demo']) assertLight([name, '--help']);
});

test('espkit ports lists ports without the serial bindings or any other command\'s modules', () => {
  assertLight(['ports']);
});

test('a command loads its own modules when it runs: push loads mqtt, not typescript or aedes', () => {
  // no broker anywhere: push fails after loading its client, which is what is looked at
  const { packages, code } = loaded(['push', '--broker', 'mqtt://admin:x@127.0.0.1:9', '--wait', '0', 'esp32-123456', 'hi']);
  assert.notEqual(code, 0);
  assert.ok(packages.has('mqtt'), 'push loaded its MQTT client');
  for (const p of ['typescript', 'esbuild', 'aedes', 'level', 'esptool-js']) assert.ok(!packages.has(p), `push does not load ${p}`);
});
