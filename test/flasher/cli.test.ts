// The commands' checks that must happen before any port is opened: bad images, bad options, bad regions.
// A TCP listener stands where the board would be and counts connections: none may arrive.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeAppImage } from '../../flasher/images/synthetic.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
let server: net.Server;
let port: string;
let connections = 0;
let work: string;

before(async () => {
  server = net.createServer((s) => {
    connections++;
    s.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = `socket://127.0.0.1:${(server.address() as AddressInfo).port}`;
  work = mkdtempSync(join(tmpdir(), 'espkit-cli-'));
});

after(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(work, { recursive: true, force: true });
});

function espkit(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(root, 'bin/espkit.js'), ...args], {
      cwd: work,
      env: { ...process.env, ESPKIT_CACHE: join(work, 'cache'), ESPKIT_RELEASE_URL: 'http://127.0.0.1:9/' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

test('bad images and options are refused before the port is opened', async () => {
  const big = join(work, 'big.bin');
  writeFileSync(big, makeAppImage(2_300_000));
  const s3 = join(work, 's3.bin');
  writeFileSync(s3, makeAppImage(20_000, 1, 9));
  const cases: Array<[string[], number, RegExp]> = [
    [['flash', '--offset', '0x10000', big], 1, /big\.bin \(2,300,\d+ bytes\) does not fit the 2,097,152 bytes application partition at 0x10000/],
    [['flash', '--offset', '0x10000', s3], 1, /s3\.bin is built for the ESP32-S3/],
    [['flash', '--offset', '0x10000', join(work, 'missing.bin')], 1, /missing\.bin does not exist/],
    [['flash', `0x10000=${s3}`, `0x12000=${s3}`], 1, /overlaps/],
    [['flash', '--fast', '--baud', '921600'], 2, /either --fast or --baud/],
    [['flash', '--baud', '2000000'], 2, /above what .* can take \(921600\)/],
    [['flash', '--before', 'usb-reset'], 2, /argument 'usb-reset' is invalid. Allowed choices are default-reset, no-reset/],
    [['flash', '--espruino', 'latest'], 2, /bad Espruino version "latest"/],
    [['flash'], 1, /cannot reach http:\/\/127\.0\.0\.1:9\/.*not in the cache/],
    [['erase', '--region', '0x1000:0x800'], 2, /whole 4 KB sectors/],
    [['erase', '--region', '0x3ff000:0x2000'], 2, /runs past the end of the 4MB flash/],
    [['backup', '--region', '0x0:0x1000'], 2, /backup needs --out FILE/],
    [['backup', '--out', 'x.bin', '--region', 'nonsense'], 2, /bad region "nonsense"/],
    [['flash', `0xZZ=${s3}`], 2, /bad address "0xZZ"/],
    // The output file's folder is checked before 4 MB are read from the board, not after.
    [['backup', '--out', join(work, 'no-such-folder', 'flash.bin')], 1, /cannot write .*no-such-folder.*: the folder .* does not exist/],
    [['backup', '--out', work], 1, /cannot write .*: it is a folder/],
  ];
  for (const [args, code, message] of cases) {
    const r = await espkit(['--port', port, ...args]);
    assert.equal(r.code, code, `${args.join(' ')}: exit ${r.code}, ${r.stderr}`);
    assert.match(r.stderr, message, args.join(' '));
    assert.equal(r.stderr.trim().split('\n').filter((l) => l.startsWith('error:')).length <= 1, true);
  }
  assert.equal(connections, 0, 'no command touched the port');
});

test('--json failures are one JSON document', async () => {
  const r = await espkit(['--json', '--port', port, 'flash', '--offset', '0x10000', join(work, 'missing.bin')]);
  assert.equal(r.code, 1);
  const doc = JSON.parse(r.stdout) as { ok: boolean; error: string };
  assert.equal(doc.ok, false);
  assert.match(doc.error, /missing\.bin does not exist/);
  assert.equal(connections, 0);
});
