// require("NAME") of Espruino library modules in espkit build: a local modules folder (with typings, a module
// requiring another, the bundle run on the real interpreter), 127.0.0.1 servers standing in for online
// libraries and the cache they fill (one folder per library, and files of an older cache of unknown library),
// a cache folder in any state, the offline and unreachable errors, a regex Espruino cannot parse, modules that
// require each other in a cycle, and which names are built in. Every build reads an isolated cache.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildFirmware, BuildError, isBuildStale, type BuildResult } from '../../host/build/index.ts';
import { ESPRUINO_MODULES } from '../../host/build/bundle.ts';
import { libraryCacheDir, SOURCE_RECORD } from '../../host/build/modules/cache.ts';
import { EspkitError } from '../../core/errors.ts';
import { runOnEspruino } from '../../core/espruino/binary.ts';
import { realEspruino, needsRealEspruino } from '../helpers/espruino.ts';
import { PRETOKENISE_PROLOGUE } from '../../core/espruino/pretokenise.ts';
import { makeFirmwareProject, watchBuilds } from './fixture.ts';

const MODULES = fileURLToPath(new URL('./modules/', import.meta.url));

/** A cache root of its own and no network unless a test gives a library URL. */
function isolatedCache(extra: NodeJS.ProcessEnv = {}): { env: NodeJS.ProcessEnv; dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'espkit-modules-cache-'));
  return { env: { ESPKIT_CACHE: dir, ESPKIT_OFFLINE: '1', ...extra }, dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

interface Library {
  url: string;
  requests: string[];
  close(): Promise<void>;
}

/** A stand-in for the online module library: serves `files` by name, 404 for anything else. */
async function startLibrary(files: Record<string, string>): Promise<Library> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const name = (req.url ?? '').replace(/^\/modules\//, '');
    requests.push(name);
    const body = files[name];
    res.writeHead(body === undefined ? 404 : 200, { 'content-type': 'application/javascript' });
    res.end(body ?? 'not found');
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const port = (server.address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}/modules/`, requests, close: () => new Promise((done) => server.close(() => done())) };
}

test('a module from the local folder is bundled after the module it requires, typed from its .d.ts, and runs on Espruino', { skip: needsRealEspruino }, async () => {
  const fx = makeFirmwareProject({ 'firmware/src/main.ts': `const c = require('Counter');\nconst n: number = c.next();\nconsole.log(n, c.next(), c.label(7), require('Format').self);\n` });
  const cache = isolatedCache();
  try {
    const r = await buildFirmware({ root: fx.root, modules: MODULES, env: cache.env });
    const format = r.code.indexOf('Modules.addCached("Format",function(){');
    const counter = r.code.indexOf('Modules.addCached("Counter",function(){');
    assert.ok(format > 0 && counter > format, `Format is added before Counter:\n${r.code}`);
    assert.deepEqual(r.cost.parts.map((p) => p.name), ['firmware', 'Format', 'Counter']);
    const counterCost = r.cost.parts[2]!;
    assert.equal(counterCost.module?.from, 'local');
    assert.deepEqual(counterCost.module?.requires, ['Format']);
    assert.deepEqual(r.cost.parts[1]!.module?.requiredBy.sort(), ['Counter', 'firmware']);
    assert.equal(r.bytes, r.cost.parts.reduce((sum, p) => sum + p.bytes, 0));
    assert.equal(r.cost.boardVariables, 5000);
    assert.ok(r.cost.parts.every((p) => p.variables === Math.ceil(p.bytes / 10)));
    // Counter has typings, Format has none
    assert.deepEqual(r.warnings.map((w) => w.message), ['module "Format" has no typings: require("Format") is typed any']);

    const run = await runOnEspruino(realEspruino!, r.code);
    assert.equal(run.output.trim(), '1 2 #007 true');
  } finally {
    cache.remove();
    fx.remove();
  }
});

test('the variables estimated for the bundled modules are within a factor of two of what they take on Espruino', { skip: needsRealEspruino }, async () => {
  const fx = makeFirmwareProject({ 'firmware/src/main.ts': `const c = require('Counter');\nconsole.log(c.label(c.next()));\n` });
  const cache = isolatedCache();
  try {
    const r = await buildFirmware({ root: fx.root, modules: MODULES, env: cache.env, out: false });
    const modules = r.code.split('\n').map((line) => line.replace(PRETOKENISE_PROLOGUE, '')).filter((line) => line.startsWith('Modules.addCached(')).join('\n');
    const estimated = r.cost.parts.slice(1).reduce((sum, p) => sum + p.variables, 0);
    // the text is held in a variable while it runs, so only what the modules leave behind is counted
    const program = `E.setFlags({pretokenise:1});var s=${JSON.stringify(modules)};var u=process.memory().usage;eval(s);print(process.memory().usage-u);`;
    const run = await runOnEspruino(realEspruino!, program);
    const measured = Number(run.output.trim());
    assert.ok(measured > 0, run.output);
    assert.ok(estimated >= measured / 2 && estimated <= measured * 2, `estimated ${estimated}, measured ${measured} JsVars`);
  } finally {
    cache.remove();
    fx.remove();
  }
});

test('the readable build (--no-minify) keeps the module text and runs the same on Espruino', { skip: needsRealEspruino }, async () => {
  const fx = makeFirmwareProject({ 'firmware/src/main.ts': `const c = require('Counter');\nconsole.log(c.next(), c.label(42));\n` });
  const cache = isolatedCache();
  try {
    const r = await buildFirmware({ root: fx.root, modules: MODULES, env: cache.env, minify: false, out: false });
    assert.match(r.code, /Modules\.addCached\("Counter",function\(\)\{\n\/\/ A module written/);
    assert.ok(r.budgeted < r.bytes, 'the budget counts the minified size');
    const run = await runOnEspruino(realEspruino!, r.code);
    assert.equal(run.output.trim(), '1 #042');
  } finally {
    cache.remove();
    fx.remove();
  }
});

test('a typed module\'s typings are checked, also beside a general require(name: string) overload: a member it does not export is a type error', async () => {
  const fx = makeFirmwareProject({
    'firmware/src/main.ts': `require('Counter').reset();\n`,
    'firmware/types/zz-require-fallback.d.ts': 'declare function require(name: string): any;\n',
  });
  const cache = isolatedCache();
  try {
    await assert.rejects(buildFirmware({ root: fx.root, modules: MODULES, env: cache.env, out: false }), (err: unknown) => {
      assert.ok(err instanceof BuildError);
      assert.match(err.diagnostics[0]!.message, /Property 'reset' does not exist/);
      assert.equal(err.diagnostics[0]!.file, join('firmware', 'src', 'main.ts'));
      return true;
    });
  } finally {
    cache.remove();
    fx.remove();
  }
});

test('modules/ beside firmware/ is searched without --modules', async () => {
  const fx = makeFirmwareProject({
    'firmware/src/main.ts': `console.log(require('Own').twice(21));\n`,
    'modules/Own.js': 'exports.twice = function (n) { return n * 2; };\n',
  });
  const cache = isolatedCache();
  try {
    const r = await buildFirmware({ root: fx.root, env: cache.env, out: false });
    assert.equal(r.cost.parts[1]?.module?.where, join('modules', 'Own.js'));
  } finally {
    cache.remove();
    fx.remove();
  }
});

test('a changed module in modules/ makes the build stale for deploy', async () => {
  const fx = makeFirmwareProject({
    'firmware/src/main.ts': `console.log(require('Own').twice(21));\n`,
    'modules/Own.js': 'exports.twice = function (n) { return n * 2; };\n',
  });
  const cache = isolatedCache();
  try {
    await buildFirmware({ root: fx.root, env: cache.env });
    const past = new Date(Date.now() - 60_000);
    const inputs = ['firmware/src/main.ts', 'firmware/tsconfig.json', 'modules/Own.js', ...readdirSync(join(fx.root, 'firmware/types')).map((f) => `firmware/types/${f}`)];
    for (const f of inputs) utimesSync(join(fx.root, f), past, past);
    assert.equal(isBuildStale(fx.root), false);
    const future = new Date(Date.now() + 60_000);
    utimesSync(join(fx.root, 'modules/Own.js'), future, future);
    assert.equal(isBuildStale(fx.root), true);
  } finally {
    cache.remove();
    fx.remove();
  }
});

test('online: NAME.min.js, then NAME.js from the library; the download is cached and the next build needs no network', async () => {
  const fx = makeFirmwareProject({ 'firmware/src/main.ts': `console.log(require('Remote').hello(), require('Tiny').v);\n` });
  const library = await startLibrary({
    'Remote.js': '// not minified: the build minifies it (the comment goes, the local is renamed)\nexports.hello = function () { var greeting = "hi"; return greeting; };\n',
    'Tiny.min.js': 'exports.v=3;',
  });
  const cache = isolatedCache({ ESPKIT_OFFLINE: '', ESPKIT_MODULES_URL: library.url });
  try {
    const first = await buildFirmware({ root: fx.root, env: cache.env, out: false });
    assert.deepEqual(library.requests, ['Remote.min.js', 'Remote.js', 'Tiny.min.js']);
    assert.deepEqual(first.cost.parts.slice(1).map((p) => [p.name, p.module?.from, p.module?.where]), [
      ['Remote', 'online', `${library.url}Remote.js`], ['Tiny', 'online', `${library.url}Tiny.min.js`],
    ]);
    assert.match(first.code, /Modules\.addCached\("Remote",function\(\)\{exports\.hello=function\(\)\{var e="hi";return e\}\}\);/);
    assert.match(first.code, /Modules\.addCached\("Tiny",function\(\)\{\nexports\.v=3;\n\}\);/);
    const cached = libraryCacheDir(join(cache.dir, 'modules'), library.url);
    assert.ok(existsSync(join(cached, 'Remote.js')) && existsSync(join(cached, 'Tiny.min.js')));
    assert.deepEqual(JSON.parse(readFileSync(join(cached, SOURCE_RECORD), 'utf8')), { url: library.url });
    assert.equal(first.warnings.length, 2, 'both are untyped');
    await library.close();

    const second = await buildFirmware({ root: fx.root, env: { ...cache.env, ESPKIT_OFFLINE: '1' }, out: false });
    assert.deepEqual(second.cost.parts.slice(1).map((p) => p.module?.from), ['cache', 'cache']);
    assert.equal(second.code, first.code);
  } finally {
    await library.close().catch(() => undefined);
    cache.remove();
    fx.remove();
  }
});

test('a cache folder filled with other things: unreadable entries are passed over and a cache that cannot be written costs only the caching', async () => {
  const fx = makeFirmwareProject({ 'firmware/src/main.ts': `console.log(require('Tiny').v);\n` });
  const library = await startLibrary({ 'Tiny.min.js': 'exports.v=3;' });
  const cache = isolatedCache({ ESPKIT_OFFLINE: '', ESPKIT_MODULES_URL: library.url });
  try {
    // a folder where a cached module file would be, and other tools' files beside it
    mkdirSync(join(cache.dir, 'modules', 'Tiny.min.js'), { recursive: true });
    mkdirSync(join(libraryCacheDir(join(cache.dir, 'modules'), library.url), 'Tiny.min.js'), { recursive: true });
    writeFileSync(join(cache.dir, 'modules', 'notes.txt'), 'something else');
    const first = await buildFirmware({ root: fx.root, env: cache.env, out: false });
    assert.equal(first.cost.parts[1]?.module?.from, 'online');

    // the modules folder itself is a file: nothing can be cached, the build still succeeds
    rmSync(join(cache.dir, 'modules'), { recursive: true });
    writeFileSync(join(cache.dir, 'modules'), 'not a folder');
    const second = await buildFirmware({ root: fx.root, env: cache.env, out: false });
    assert.equal(second.cost.parts[1]?.module?.from, 'online');
    assert.equal(second.code, first.code);
  } finally {
    await library.close();
    cache.remove();
    fx.remove();
  }
});

test('offline, a missing module is one line naming every place looked', async () => {
  const fx = makeFirmwareProject({ 'firmware/src/main.ts': `require('Nowhere').go();\n` });
  const cache = isolatedCache();
  try {
    await assert.rejects(buildFirmware({ root: fx.root, modules: MODULES, env: cache.env, out: false }), (err: unknown) => {
      assert.ok(err instanceof EspkitError && !(err instanceof BuildError));
      assert.ok(!err.message.includes('\n'), 'one line');
      assert.match(err.message, /^module "Nowhere" not found: looked in /);
      const cached = libraryCacheDir(join(cache.dir, 'modules'), 'https://www.espruino.com/modules/');
      for (const place of [join(MODULES, 'Nowhere.js'), join(MODULES, 'Nowhere.min.js'), join(fx.root, 'modules', 'Nowhere.js'),
        join(cached, 'Nowhere.min.js'), join(cached, 'Nowhere.js'), join(cache.dir, 'modules', 'Nowhere.min.js'), join(cache.dir, 'modules', 'Nowhere.js')]) {
        assert.ok(err.message.includes(place), `names ${place}: ${err.message}`);
      }
      assert.match(err.message, /not looked up online \(ESPKIT_OFFLINE is set\)/);
      return true;
    });
  } finally {
    cache.remove();
    fx.remove();
  }
});

test('a library that cannot be reached, and one that has no such module, are told apart', async () => {
  const fx = makeFirmwareProject({ 'firmware/src/main.ts': `require('Nowhere').go();\n` });
  const library = await startLibrary({});
  const gone = await startLibrary({});
  await gone.close();
  const cache = isolatedCache({ ESPKIT_OFFLINE: '' });
  try {
    await assert.rejects(buildFirmware({ root: fx.root, env: { ...cache.env, ESPKIT_MODULES_URL: gone.url }, out: false }),
      (err: unknown) => err instanceof EspkitError && /Nowhere\.min\.js \(ECONNREFUSED\), .*modules\/Nowhere\.js; the module library cannot be reached/.test(err.message));
    await assert.rejects(buildFirmware({ root: fx.root, env: { ...cache.env, ESPKIT_MODULES_URL: library.url }, out: false }),
      (err: unknown) => err instanceof EspkitError && /Nowhere\.min\.js \(HTTP 404\), .*Nowhere\.js \(HTTP 404\): check the name/.test(err.message));
  } finally {
    await library.close();
    cache.remove();
    fx.remove();
  }
});

test('a module with a regex Espruino cannot parse is refused at the module\'s own line', async () => {
  const fx = makeFirmwareProject({ 'firmware/src/main.ts': `console.log(require('BadRegex').words('abab'));\n` });
  const cache = isolatedCache();
  try {
    await assert.rejects(buildFirmware({ root: fx.root, modules: MODULES, env: cache.env, out: false }), (err: unknown) => {
      assert.ok(err instanceof BuildError);
      const d = err.diagnostics[0]!;
      assert.equal(d.file, join(MODULES, 'BadRegex.js'));
      assert.equal(d.line, 3);
      assert.match(d.message, /\(\?:/);
      return true;
    });
  } finally {
    cache.remove();
    fx.remove();
  }
});

test('modules that require each other in a cycle are refused, naming the cycle', async () => {
  const fx = makeFirmwareProject({ 'firmware/src/main.ts': `console.log(require('CycleA').a());\n` });
  const cache = isolatedCache();
  try {
    await assert.rejects(buildFirmware({ root: fx.root, modules: MODULES, env: cache.env, out: false }),
      /^EspkitError: modules require each other in a cycle: CycleA -> CycleB -> CycleA;/);
  } finally {
    cache.remove();
    fx.remove();
  }
});

test('built-in modules stay require calls, a URL is refused, a missing --modules folder is a usage error', async () => {
  const fx = makeFirmwareProject({ 'firmware/src/main.ts': `require('Storage').write('a', 'b');\nrequire('neopixel');\n` });
  const cache = isolatedCache();
  try {
    const r = await buildFirmware({ root: fx.root, env: cache.env, out: false });
    assert.deepEqual(r.cost.parts.map((p) => p.name), ['firmware']);
    assert.ok(!r.code.includes('Modules.addCached'));
    fx.write('firmware/src/main.ts', `require('https://example.com/x.js');\n`);
    await assert.rejects(buildFirmware({ root: fx.root, env: cache.env, out: false }), /firmware\/src\/main\.ts:1:9: require\("https:\/\/example\.com\/x\.js"\): a module is required by name, not by URL/);
    await assert.rejects(buildFirmware({ root: fx.root, env: cache.env, out: false, modules: 'no-such-folder' }),
      (err: unknown) => err instanceof EspkitError && err.code === 2 && /the modules folder no-such-folder does not exist/.test(err.message));
  } finally {
    cache.remove();
    fx.remove();
  }
});

test('watch mode rebuilds when a module in modules/ changes', async () => {
  const fx = makeFirmwareProject({
    'firmware/src/main.ts': `console.log(require('Own').word());\n`,
    'modules/Own.js': 'exports.word = function () { return "first"; };\n',
  });
  const cache = isolatedCache();
  const { outcomes, next, close } = watchBuilds({ root: fx.root, env: cache.env, out: false });
  try {
    await next(1);
    assert.ok((outcomes[0] as BuildResult).code.includes('"first"'), String(outcomes[0]));
    fx.write('modules/Own.js', 'exports.word = function () { return "second"; };\n');
    await next(2);
    assert.ok((outcomes[1] as BuildResult).code.includes('"second"'), String(outcomes[1]));
  } finally {
    await close();
    cache.remove();
    fx.remove();
  }
});

test('the built-in modules are exactly those the ESP32 typings declare: nothing typed is fetched, nothing fetched is typed built in', () => {
  const typings = readFileSync(fileURLToPath(new URL('../../firmware/types/espruino.d.ts', import.meta.url)), 'utf8');
  const declared = [...typings.matchAll(/^declare function require\(name: "([^"]+)"\)/gm)].map((m) => m[1]!);
  assert.ok(declared.length > 5, 'the typings declare the built-in modules');
  assert.deepEqual([...ESPRUINO_MODULES].sort(), declared.sort());
  // libraries of other builds, and globals of this one, are not modules of the ESP32 build
  for (const name of ['CC3000', 'WIZnet', 'ESP32', 'Telnet']) assert.ok(!ESPRUINO_MODULES.includes(name), name);
});

test('require() of an ESP32 built-in stays the board\'s require; CC3000, not built into the ESP32 build, is a library module', async () => {
  const builtIns = ['Wifi', 'Storage', 'net', 'http', 'crypto', 'neopixel'];
  const fx = makeFirmwareProject({ 'firmware/src/main.ts': `${builtIns.map((n) => `console.log(typeof require('${n}'));`).join('\n')}\n` });
  const library = await startLibrary({ 'CC3000.min.js': 'exports.connect=function(){return "cc3000 from the library"};' });
  const cache = isolatedCache({ ESPKIT_OFFLINE: '', ESPKIT_MODULES_URL: library.url });
  try {
    const r = await buildFirmware({ root: fx.root, env: cache.env, out: false });
    assert.deepEqual(r.cost.parts.map((p) => p.name), ['firmware']);
    assert.ok(!r.code.includes('Modules.addCached'), r.code);
    for (const name of builtIns) assert.ok(r.code.includes(`require("${name}")`), `require("${name}") is left to the board:\n${r.code}`);
    assert.deepEqual(library.requests, [], 'no built-in module is looked for in the library');

    fx.write('firmware/src/main.ts', `console.log(require('CC3000').connect());\n`);
    const cc = await buildFirmware({ root: fx.root, env: cache.env, out: false });
    assert.deepEqual(library.requests, ['CC3000.min.js']);
    assert.deepEqual(cc.cost.parts.map((p) => [p.name, p.module?.from]), [['firmware', undefined], ['CC3000', 'online']]);
    assert.match(cc.code, /Modules\.addCached\("CC3000",function\(\)\{\nexports\.connect=/);

    // offline and in no local folder or cache: the same one-line error as any missing module
    const bare = isolatedCache();
    try {
      await assert.rejects(buildFirmware({ root: fx.root, env: bare.env, out: false }), (err: unknown) => {
        assert.ok(err instanceof EspkitError && !(err instanceof BuildError));
        assert.ok(!err.message.includes('\n'), 'one line');
        assert.match(err.message, /^module "CC3000" not found: looked in .*CC3000\.js, .*CC3000\.min\.js.*; not looked up online \(ESPKIT_OFFLINE is set\)/);
        return true;
      });
    } finally {
      bare.remove();
    }
  } finally {
    await library.close();
    cache.remove();
    fx.remove();
  }
});

test('the cache keeps each library\'s modules apart: a module from library A is not used when the URL is library B, and is again for A', async () => {
  const fx = makeFirmwareProject({ 'firmware/src/main.ts': `console.log(require('Tiny').v);\n` });
  const a = await startLibrary({ 'Tiny.min.js': 'exports.v="from A";' });
  const b = await startLibrary({ 'Tiny.min.js': 'exports.v="from B";' });
  const cache = isolatedCache({ ESPKIT_OFFLINE: '' });
  const build = (url: string, offline = ''): Promise<BuildResult> => buildFirmware({ root: fx.root, env: { ...cache.env, ESPKIT_MODULES_URL: url, ESPKIT_OFFLINE: offline }, out: false });
  const tiny = (r: BuildResult): [string | undefined, boolean, boolean] => [r.cost.parts[1]?.module?.from, r.code.includes('"from A"'), r.code.includes('"from B"')];
  try {
    assert.deepEqual(tiny(await build(a.url)), ['online', true, false]);
    assert.deepEqual(tiny(await build(b.url)), ['online', false, true], 'B is asked although A\'s Tiny is cached');
    assert.deepEqual(b.requests, ['Tiny.min.js']);
    const again = await build(a.url);
    assert.deepEqual(tiny(again), ['cache', true, false]);
    assert.equal(again.cost.parts[1]?.module?.where, join(libraryCacheDir(join(cache.dir, 'modules'), a.url), 'Tiny.min.js'));
    assert.deepEqual(a.requests, ['Tiny.min.js'], 'A is asked once');
    assert.deepEqual(tiny(await build(b.url, '1')), ['cache', false, true]);
    assert.equal((await build(a.url, '1')).warnings.length, 1, 'only the untyped warning: the cache knows where it came from');

    // offline with a library whose modules were never fetched: the other libraries' copies are named, not used
    const c = 'http://127.0.0.1:9/other-library/';
    await assert.rejects(build(c, '1'), (err: unknown) => {
      assert.ok(err instanceof EspkitError && !err.message.includes('\n'), String(err));
      assert.match(err.message, /^module "Tiny" not found: looked in .*; not looked up online \(ESPKIT_OFFLINE is set\); .*Tiny\.min\.js is cached from http:\/\/127\.0\.0\.1:\d+\/modules\/, not from http:\/\/127\.0\.0\.1:9\/other-library\/, so it is not used: put Tiny\.js in modules\/ or build once online$/);
      return true;
    });
  } finally {
    await a.close();
    await b.close();
    cache.remove();
    fx.remove();
  }
});

test('a cache file of unknown library (cached before the cache recorded libraries) is fetched again online, and used with a warning without the library', async () => {
  const fx = makeFirmwareProject({ 'firmware/src/main.ts': `console.log(require('Tiny').v);\n` });
  const library = await startLibrary({ 'Tiny.min.js': 'exports.v="from the library";' });
  const gone = await startLibrary({});
  await gone.close();
  const cache = isolatedCache({ ESPKIT_OFFLINE: '' });
  const old = join(cache.dir, 'modules', 'Tiny.min.js');
  mkdirSync(join(cache.dir, 'modules'), { recursive: true });
  writeFileSync(old, 'exports.v="from an old cache";');
  try {
    const online = await buildFirmware({ root: fx.root, env: { ...cache.env, ESPKIT_MODULES_URL: library.url }, out: false });
    assert.equal(online.cost.parts[1]?.module?.from, 'online');
    assert.ok(online.code.includes('"from the library"'), online.code);
    assert.deepEqual(library.requests, ['Tiny.min.js']);
    assert.equal(readFileSync(old, 'utf8'), 'exports.v="from an old cache";', 'the old file is left as it was');

    for (const [env, without] of [[{ ESPKIT_OFFLINE: '1', ESPKIT_MODULES_URL: gone.url }, 'offline'], [{ ESPKIT_MODULES_URL: gone.url }, `as ${gone.url} cannot be reached`]] as const) {
      const r = await buildFirmware({ root: fx.root, env: { ...cache.env, ...env }, out: false });
      assert.deepEqual([r.cost.parts[1]?.module?.from, r.cost.parts[1]?.module?.where], ['cache', old]);
      assert.ok(r.code.includes('"from an old cache"'), r.code);
      const warning = r.warnings.find((w) => w.message.includes('another library'));
      assert.equal(warning?.file, old);
      assert.equal(warning?.message, `module "Tiny" is cached without a record of its library and used ${without}: it may come from another library than the one in use`);
    }
  } finally {
    await library.close();
    cache.remove();
    fx.remove();
  }
});
