// Ctrl-C during flash or backup: espkit hard-resets the board out of its ROM loader on the way out (as
// esptool does) and says so, instead of leaving it silent in download mode. Against a paced virtual board
// over rfc2217:// so the job is still running when the signal comes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBoard, type VirtualBoard, type StampedEvent } from '../../sim/index.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
let board: VirtualBoard;
let work: string;
const events: StampedEvent[] = [];

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'espkit-interrupt-'));
  board = await startBoard({ pacing: true, boot: 'flash', installEspruino: true, espruino: 'model' });
  board.onEvent((e) => events.push(e));
});

after(async () => {
  await board.close();
  rmSync(work, { recursive: true, force: true });
});

/** Run espkit, send SIGINT once `ready` matches its stderr, and collect how it ended. */
function interrupted(args: string[], ready: RegExp): Promise<{ code: number | null; stdout: string; stderr: string; signalled: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'bin/espkit.js'), '--port', board.ports.rfc2217, ...args], {
      cwd: work,
      env: { ...process.env, HOME: work, ESPKIT_CACHE: join(work, 'cache') },
    });
    let stdout = '';
    let stderr = '';
    let signalled = false;
    const deadline = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`no end within 120 s; stderr: ${stderr}`)); }, 120_000);
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d;
      if (!signalled && ready.test(stderr)) {
        signalled = true;
        child.kill('SIGINT');
      }
    });
    child.on('close', (code) => { clearTimeout(deadline); resolve({ code, stdout, stderr, signalled }); });
  });
}

const applicationSince = (from: number): boolean => events.slice(from).some((e) => e.type === 'application');

test('Ctrl-C during flash: the board is hard-reset into its application and a line says so', async () => {
  const image = join(work, 'data.bin');
  writeFileSync(image, randomBytes(256 * 1024)); // incompressible: minutes at 115200 baud
  const from = events.length;
  // The first progress line means the board sits in the loader (the stub is writing).
  const r = await interrupted(['flash', `0x300000=${image}`], /\[1\/1\] .* 0% /);
  assert.ok(r.signalled, `the write never began: ${r.stderr}`);
  assert.equal(r.code, 130, r.stderr);
  assert.match(r.stderr, /^error: interrupted; hard-reset the board out of its ROM loader into its application$/m);
  assert.equal(r.stderr.split('\n').filter((l) => l.startsWith('error:')).length, 1);
  if (!applicationSince(from)) await board.waitForEvent((e) => e.type === 'application', 20_000);
  assert.equal(board.running, 'application');
});

test('Ctrl-C during backup: the same reset, and no output file is left', async () => {
  const out = join(work, 'flash.bin');
  const from = events.length;
  const r = await interrupted(['backup', '--out', out], /reading\s+0% /);
  assert.ok(r.signalled, `the read never began: ${r.stderr}`);
  assert.equal(r.code, 130, r.stderr);
  assert.match(r.stderr, /^error: interrupted; hard-reset the board out of its ROM loader into its application$/m);
  assert.equal(existsSync(out), false);
  if (!applicationSince(from)) await board.waitForEvent((e) => e.type === 'application', 20_000);
  assert.equal(board.running, 'application');
});
