// A virtual board has one host at a time, as a real serial port does: while one client holds it (a monitor, a
// bridge), a second one on any of its ports is told the port is busy, and `espkit info` fails with espkit's
// "port ... is busy" line instead of resetting the board under the first client.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { socatAvailable, startBoard, type StampedEvent, type VirtualBoard } from '../../sim/index.ts';
import { openLink, type Link } from '../../host/link/index.ts';
import { isolatedEnv } from '../helpers/isolated-env.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const home = isolatedEnv();
const withPty = socatAvailable();
let board: VirtualBoard;
const events: StampedEvent[] = [];

before(async () => {
  board = await startBoard({ pacing: false, boot: 'flash', installEspruino: true, espruino: 'model', pty: withPty });
  board.onEvent((e) => events.push(e));
  if (board.running !== 'application') await board.waitForEvent((e) => e.type === 'application', 20_000);
});

after(async () => {
  await board.close();
  home.remove();
});

function espkit(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/espkit.js', ...args], { cwd: root, env: home.env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    const deadline = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`espkit ${args.join(' ')}: no end within 120 s`)); }, 120_000);
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.on('close', (code) => { clearTimeout(deadline); resolve({ code, stderr }); });
  });
}

const escape = (s: string): string => s.replace(/[/.*+?^${}()|[\]\\]/g, '\\$&');

test('while a client holds the board, espkit info on each of its ports says busy and leaves the board alone', async () => {
  const holder: Link = await openLink(board.ports.rfc2217);
  try {
    const from = events.length;
    const ports = [board.ports.rfc2217, board.ports.socket, ...(board.ports.pty ? [board.ports.pty] : [])];
    for (const port of ports) {
      if (port === board.ports.pty) await board.whenPtyReady();
      const r = await espkit(['--port', port, 'info']);
      assert.equal(r.code, 1, `${port}: ${r.stderr}`);
      assert.match(r.stderr, new RegExp(`^error: port ${escape(port)} is busy: it is held by the rfc2217:// client 127\\.0\\.0\\.1:\\d+; close that program`, 'm'), port);
      assert.equal(r.stderr.split('\n').filter((l) => l.startsWith('error:')).length, 1);
    }
    const touched = events.slice(from).filter((e) => ['signals', 'reset-hold', 'boot'].includes(e.type));
    assert.deepEqual(touched, [], 'no reset line moved and the board did not restart');
    assert.equal(board.running, 'application');
    assert.equal(holder.destroyed, false, 'the first client keeps its connection');
  } finally {
    await holder.close();
  }
});

test('once the holder has gone, the next client gets the board (closing and reopening at once is no "busy")', async () => {
  for (let i = 0; i < 3; i++) {
    const link = await openLink(board.ports.socket);
    await link.close();
  }
  const r = await espkit(['--port', board.ports.rfc2217, '--json', 'info', '--after', 'no-reset']);
  assert.equal(r.code, 0, r.stderr);
  board.reset({ boot: 'flash' });
  await board.waitForEvent((e) => e.type === 'application', 20_000);
});
