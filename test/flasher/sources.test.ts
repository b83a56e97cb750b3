// Where images come from: the Espruino release over HTTP into the cache (and offline after), local
// release directories and archives, single files and ADDR=FILE pairs, and every way that can go wrong.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { resolveImageSet } from '../../flasher/images/sources.ts';
import { fetchEspruinoRelease, normalizeVersion } from '../../flasher/images/release.ts';
import { makeEspruinoRelease } from '../../flasher/images/synthetic.ts';
import { loadBoard } from '../../core/board.ts';

const board = loadBoard('esp32-devkit');
const files = makeEspruinoRelease({ appSize: 300_000 });
const names = { bootloader: 'bootloader.bin', partitions: 'partitions_espruino.bin', app: 'espruino_esp32.bin' } as const;
let work: string;
let server: http.Server;
let base: string;
/** How the server misbehaves for the app file: 'ok', 'truncate' (Content-Length kept, body cut), 'damage'. */
let mode: 'ok' | 'truncate' | 'damage' = 'ok';
let requests = 0;

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'espkit-sources-'));
  server = http.createServer((req, res) => {
    requests++;
    const m = /^\/espruino_2v28_esp32\/(.+)$/.exec(req.url ?? '');
    const part = m && (Object.keys(names) as Array<keyof typeof names>).find((k) => names[k] === m[1]);
    if (!part) {
      res.writeHead(404).end('not found');
      return;
    }
    const body = Buffer.from(files[part]);
    if (part === 'app' && mode === 'damage') body[body.length - 100] ^= 0xff;
    res.writeHead(200, { 'content-length': body.length, 'content-type': 'application/octet-stream' });
    if (part === 'app' && mode === 'truncate') {
      res.write(body.subarray(0, body.length >> 1), () => res.socket?.destroy());
      return;
    }
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

after(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(work, { recursive: true, force: true });
});

test('versions are written the Espruino way', () => {
  assert.equal(normalizeVersion('2v28'), '2v28');
  assert.equal(normalizeVersion('2.28'), '2v28');
  assert.equal(normalizeVersion('v2.5'), '2v05');
  assert.equal(normalizeVersion('2v24.78'), '2v24.78');
  assert.throws(() => normalizeVersion('latest'), /bad Espruino version "latest"/);
});

test('a release is downloaded once, cached, and reused with the server gone', async () => {
  const cacheDir = join(work, 'cache-ok');
  mode = 'ok';
  const first = await fetchEspruinoRelease({ version: '2v28', baseUrl: base, cacheDir });
  assert.equal(first.fromCache, false);
  assert.deepEqual(first.files.app, files.app);
  assert.ok(existsSync(join(cacheDir, 'espruino', '2v28', 'release.json')));
  const seen = requests;
  const set = await resolveImageSet([], board, { espruino: '2v28', releaseUrl: 'http://127.0.0.1:9/', cacheDir });
  assert.equal(requests, seen, 'no request when the cache is complete');
  assert.equal(set.description, 'Espruino 2v28 (cached)');
  assert.deepEqual(set.regions.map((r) => r.address), [0x1000, 0x8000, 0x10000]);
  assert.deepEqual(set.regions[0]!.data, files.bootloader);
  // A damaged cache file is not trusted: it is fetched again.
  writeFileSync(join(cacheDir, 'espruino', '2v28', 'espruino_esp32.bin'), 'junk');
  const again = await fetchEspruinoRelease({ version: '2v28', baseUrl: base, cacheDir });
  assert.equal(again.fromCache, false);
  assert.deepEqual(again.files.app, files.app);
});

test('a truncated download is an error and nothing is cached', async () => {
  const cacheDir = join(work, 'cache-trunc');
  mode = 'truncate';
  await assert.rejects(fetchEspruinoRelease({ version: '2v28', baseUrl: base, cacheDir }), /download of .*espruino_esp32\.bin was cut short.*run again/);
  assert.equal(existsSync(join(cacheDir, 'espruino', '2v28', 'release.json')), false);
  mode = 'damage';
  await assert.rejects(fetchEspruinoRelease({ version: '2v28', baseUrl: base, cacheDir }), /espruino_esp32\.bin from .* has a bad checksum/);
  assert.equal(existsSync(join(cacheDir, 'espruino', '2v28', 'release.json')), false);
  mode = 'ok';
});

test('a version the site does not have, and no network without a cache', async () => {
  await assert.rejects(fetchEspruinoRelease({ version: '2v99', baseUrl: base, cacheDir: join(work, 'cache-404') }),
    /Espruino 2v99 has no ESP32 build: .*HTTP 404.*check the version/);
  const closed = http.createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const deadUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/`;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  await assert.rejects(fetchEspruinoRelease({ version: '2v28', baseUrl: deadUrl, cacheDir: join(work, 'cache-none') }),
    /cannot reach .*ECONNREFUSED.*not in the cache/);
});

function writeRelease(dir: string): void {
  mkdirSync(dir, { recursive: true });
  for (const part of Object.keys(names) as Array<keyof typeof names>) writeFileSync(join(dir, names[part]), files[part]);
}

test('a local release: directory, .tgz and .zip', async () => {
  const root = join(work, 'local');
  writeRelease(join(root, 'espruino_2v27_esp32'));
  const fromDir = await resolveImageSet([root], board);
  assert.equal(fromDir.espruinoVersion, '2v27');
  assert.deepEqual(fromDir.regions.map((r) => [r.address, r.data.length]), [[0x1000, files.bootloader.length], [0x8000, files.partitions.length], [0x10000, files.app.length]]);

  const tgz = join(work, 'espruino_2v27_esp32.tgz');
  assert.equal(spawnSync('tar', ['czf', tgz, '-C', root, 'espruino_2v27_esp32']).status, 0);
  const fromTgz = await resolveImageSet([tgz], board);
  assert.deepEqual(fromTgz.regions.map((r) => r.data), [files.bootloader, files.partitions, files.app]);

  // A whole-release zip holds other boards too; the ESP32 folder is the one with espruino_esp32.bin.
  writeFileSync(join(root, 'bootloader.bin'), Buffer.from('a decoy from another board'));
  const zip = join(work, 'espruino_2v27.zip');
  const py = `import zipfile,os,sys\nz=zipfile.ZipFile(sys.argv[1],'w',zipfile.ZIP_DEFLATED)\nfor d,_,fs in os.walk(sys.argv[2]):\n  for f in fs: p=os.path.join(d,f); z.write(p, os.path.relpath(p, sys.argv[2]))\nz.close()`;
  const made = spawnSync('python3', ['-c', py, zip, root]);
  assert.equal(made.status, 0, made.stderr.toString());
  const fromZip = await resolveImageSet([zip], board);
  assert.deepEqual(fromZip.regions.map((r) => r.data), [files.bootloader, files.partitions, files.app]);

  const cut = join(work, 'cut.tgz');
  writeFileSync(cut, (await import('node:fs')).readFileSync(tgz).subarray(0, 2000));
  await assert.rejects(resolveImageSet([cut], board), /cut\.tgz is not a readable gzip file/);
  const partial = join(work, 'partial');
  writeRelease(partial);
  rmSync(join(partial, 'partitions_espruino.bin'));
  await assert.rejects(resolveImageSet([partial], board), /no partitions_espruino\.bin beside it: the release is incomplete/);
  const empty = join(work, 'empty-dir');
  mkdirSync(empty);
  await assert.rejects(resolveImageSet([empty], board), /empty-dir holds no espruino_esp32\.bin: give an Espruino ESP32 release/);
});

test('single files, merged images and ADDR=FILE pairs', async () => {
  const dir = join(work, 'bins');
  writeRelease(dir);
  const app = join(dir, names.app);
  const one = await resolveImageSet([app], board, { offset: 0x10000 });
  assert.deepEqual(one.regions.map((r) => [r.address, r.name]), [[0x10000, 'espruino_esp32.bin']]);
  await assert.rejects(resolveImageSet([app], board), /where should espruino_esp32\.bin go\? Give --offset/);

  const pairs = await resolveImageSet([`0x1000=${join(dir, names.bootloader)}`, `0x8000=${join(dir, names.partitions)}`, `64k=${app}`], board);
  assert.deepEqual(pairs.regions.map((r) => r.address), [0x1000, 0x8000, 0x10000]);
  const esptoolStyle = await resolveImageSet(['0x1000', join(dir, names.bootloader), '0x10000', app], board);
  assert.deepEqual(esptoolStyle.regions.map((r) => r.address), [0x1000, 0x10000]);

  const merged = Buffer.alloc(0x10000 + files.app.length, 0xff);
  files.bootloader.copy(merged, 0x1000);
  files.partitions.copy(merged, 0x8000);
  files.app.copy(merged, 0x10000);
  writeFileSync(join(dir, 'merged.bin'), merged);
  const m = await resolveImageSet([join(dir, 'merged.bin')], board);
  assert.deepEqual(m.regions.map((r) => r.address), [0]);

  await assert.rejects(resolveImageSet([join(dir, 'nope.bin')], board, { offset: 0 }), /nope\.bin does not exist/);
  await assert.rejects(resolveImageSet([`0x1000=${join(dir, 'missing.bin')}`], board), /missing\.bin does not exist/);
  // A mistyped address is said as such, not as a missing file named "0xZZ=...".
  await assert.rejects(resolveImageSet([`0xZZ=${app}`], board), /bad address "0xZZ"/);
  await assert.rejects(resolveImageSet([`0x1000=${join(dir, names.bootloader)}`, `0xZZ=${app}`], board), /bad address "0xZZ"/);
  await assert.rejects(resolveImageSet([app], board, { offset: 0x10000, espruino: '2v28' }), /cannot be combined/);
  await assert.rejects(resolveImageSet([app, app], board), /give one release, one \.bin file, or ADDR=FILE pairs/);
  await assert.rejects(resolveImageSet([], board, { offset: 0x1000 }), /--offset needs a \.bin file/);
});
