// The four commands end to end, as a person runs them: the espkit CLI against a virtual board over
// rfc2217://, the Espruino release served by a local HTTP server into an empty cache.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBoard, type VirtualBoard } from '../../sim/index.ts';
import { makeEspruinoRelease } from '../../flasher/images/synthetic.ts';
import { patchFlashParams } from '../../flasher/images/esp-image.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const release = makeEspruinoRelease({ appSize: 500_000 });
const files: Record<string, Buffer> = {
  'bootloader.bin': release.bootloader,
  'partitions_espruino.bin': release.partitions,
  'espruino_esp32.bin': release.app,
};
let server: http.Server;
let releaseUrl: string;
let board: VirtualBoard;
let work: string;

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'espkit-commands-'));
  server = http.createServer((req, res) => {
    const m = /^\/espruino_2v29_esp32\/(.+)$/.exec(req.url ?? '');
    const body = m ? files[m[1]!] : undefined;
    if (!body) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-length': body.length }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  releaseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  board = await startBoard({ pacing: false, boot: 'flash' });
});

after(async () => {
  await board.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(work, { recursive: true, force: true });
});

function espkit(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(root, 'bin/espkit.js'), '--port', board.ports.rfc2217, ...args], {
      cwd: work,
      env: { ...process.env, ESPKIT_CACHE: join(work, 'cache'), ESPKIT_RELEASE_URL: releaseUrl },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

interface FlashJson {
  ok: boolean;
  images: string;
  espruinoVersion: string;
  baud: number;
  regions: Array<{ name: string; address: number; skipped: boolean }>;
  chip: { description: string; mac: string };
  reset: boolean;
}

test('espkit flash installs the Espruino release, then info, backup, erase and flash --diff', async () => {
  const flashed = await espkit(['flash']);
  assert.equal(flashed.code, 0, flashed.stderr);
  assert.match(flashed.stdout, /^ESP32-D0WDQ6-V3 \(revision 3\) on rfc2217:\/\/127\.0\.0\.1:\d+, MAC ([0-9a-f]{2}:){5}[0-9a-f]{2}$/m);
  assert.match(flashed.stdout, /^flashed Espruino 2v29 \(downloaded\): .* at 115200 baud(?:, effective [\d.]+ kbit\/s)?; every region verified by MD5 \([\d.]+ m?s in all\)$/m);
  assert.match(flashed.stdout, /^reset into the new firmware$/m);
  // Not a terminal: plain progress lines on stderr, one region at a time.
  assert.match(flashed.stderr, /^\[3\/3\] espruino_esp32\.bin \(Espruino 2v29\) @ 0x10000: written and verified/m);
  assert.ok(flashed.stderr.split('\n').length < 20, 'a few lines, not one per block');
  const boot = patchFlashParams(release.bootloader, { mode: 'dio', freq: '40m', size: '4MB' }).data;
  assert.ok(board.flash.read(0x1000, boot.length).equals(boot));
  assert.ok(board.flash.read(0x8000, release.partitions.length).equals(release.partitions));
  assert.ok(board.flash.read(0x10000, release.app.length).equals(release.app));

  const info = await espkit(['--json', 'info']);
  assert.equal(info.code, 0, info.stderr);
  const facts = JSON.parse(info.stdout) as { ok: boolean; chip: { mac: string; flashSize: string }; espruino: string };
  assert.equal(facts.chip.mac, board.macAddress);
  assert.equal(facts.chip.flashSize, '4MB');
  assert.match(facts.espruino, /^2v\d\d/);

  const out = join(work, 'app-backup.bin');
  const backup = await espkit(['backup', '--out', out, '--region', `0x10000:${release.app.length}`]);
  assert.equal(backup.code, 0, backup.stderr);
  assert.ok(readFileSync(out).equals(release.app), 'the backup equals the application');

  const size = Math.ceil(release.app.length / 4096) * 4096;
  const erase = await espkit(['--json', 'erase', '--region', `0x10000:${size}`]);
  assert.equal(erase.code, 0, erase.stderr);
  assert.ok(board.flash.read(0x10000, size).every((b) => b === 0xff));

  const again = await espkit(['--json', 'flash', '--diff']);
  assert.equal(again.code, 0, again.stderr);
  const report = JSON.parse(again.stdout) as FlashJson;
  assert.equal(report.images, 'Espruino 2v29 (cached)');
  assert.deepEqual(report.regions.map((r) => [r.name, r.skipped]), [
    ['bootloader.bin (Espruino 2v29)', true], ['partitions_espruino.bin (Espruino 2v29)', true], ['espruino_esp32.bin (Espruino 2v29)', false],
  ]);
  assert.ok(board.flash.read(0x10000, release.app.length).equals(release.app));
});

test('--fast raises the baud for the write and the board runs the firmware afterwards', async () => {
  const r = await espkit(['--json', 'flash', '--fast']);
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout) as FlashJson;
  assert.equal(report.baud, 921600);
  assert.equal(report.reset, true);
  if (board.running !== 'application') await board.waitForEvent((e) => e.type === 'application', 10_000);
  assert.equal(board.running, 'application');
});
