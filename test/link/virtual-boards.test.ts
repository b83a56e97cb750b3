// `espkit sim` announces its boards in a registry folder (ESPKIT_SIM_REGISTRY here, so the test sees only its
// own): `espkit ports` lists them, `-p auto` takes one when no real board is plugged in, and the entry goes
// when the sim stops. Files of sims that are gone are ignored and removed.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isolatedEnv } from '../helpers/isolated-env.ts';
import { listPorts, looksLikeBoard } from '../../host/link/index.ts';
import { loadBoard } from '../../core/board.ts';
import { runningVirtualBoards } from '../../host/link/virtual-boards.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const home = isolatedEnv();
const registry = join(home.home, 'sims');
const env = { ...home.env, ESPKIT_SIM_REGISTRY: registry };
after(() => home.remove());

const cli = (...args: string[]) => spawnSync(process.execPath, ['bin/espkit.js', ...args], { cwd: root, encoding: 'utf8', env, timeout: 120_000 });

test('a running espkit sim is listed by ports, found by -p auto, and withdrawn when it stops', async () => {
  const child = spawn(process.execPath, ['bin/espkit.js', '--json', 'sim', '--no-pacing', '--no-pty', '--espruino', '--flash', join(home.home, 'b.bin')], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const ready = await new Promise<{ boards: Array<{ deviceId: string; mac: string; ports: { rfc2217: string } }> }>((resolve, reject) => {
      createInterface({ input: child.stdout! }).on('line', (line) => {
        const doc = JSON.parse(line) as { type: string };
        if (doc.type === 'ready') resolve(doc as never);
      });
      child.once('exit', (code) => reject(new Error(`espkit sim exited early with ${code}`)));
    });
    const sim = ready.boards[0]!;

    const listed = cli('--json', 'ports');
    assert.equal(listed.status, 0, listed.stderr);
    const rows = JSON.parse(listed.stdout) as Array<{ path: string; board: boolean; virtual?: boolean; serialNumber?: string }>;
    assert.deepEqual(rows.filter((r) => r.virtual).map((r) => [r.path, r.serialNumber, r.board]), [[sim.ports.rfc2217, sim.deviceId, true]]);
    const table = cli('ports');
    assert.match(table.stdout, new RegExp(`^\\*\\s+${sim.ports.rfc2217.replace(/[/.]/g, '\\$&')}\\s+-\\s+espkit sim \\(virtual\\)\\s+${sim.deviceId}$`, 'm'));

    // With a real DevBoard plugged in, auto rightly picks that one: the rest only holds without.
    const board = loadBoard('esp32-devkit');
    if (!(await listPorts()).some((p) => looksLikeBoard(board, p))) {
      const info = cli('--json', '--port', 'auto', 'info', '--after', 'no-reset');
      assert.equal(info.status, 0, info.stderr);
      const facts = JSON.parse(info.stdout) as { port: string; chip: { mac: string } };
      assert.equal(facts.port, sim.ports.rfc2217);
      assert.equal(facts.chip.mac, sim.mac);
    }

    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
    assert.deepEqual(readdirSync(registry), [], 'the entry is removed on stop');
    const after = JSON.parse(cli('--json', 'ports').stdout) as Array<{ virtual?: boolean }>;
    assert.equal(after.filter((r) => r.virtual).length, 0);
  } finally {
    child.kill('SIGKILL');
  }
});

test('entries of sims that are gone, and files that are not entries, are ignored', () => {
  const dir = join(home.home, 'stale');
  mkdirSync(dir, { recursive: true });
  // A pid that certainly ended: a child that has exited and been reaped.
  const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  const pid = Number(gone.stdout);
  writeFileSync(join(dir, `${pid}.json`), JSON.stringify({ pid, boards: [{ deviceId: 'esp32-000001', mac: '00', ports: { rfc2217: 'rfc2217://127.0.0.1:9', socket: 'socket://127.0.0.1:9' } }] }));
  writeFileSync(join(dir, `${process.pid}.json`), '{ half a fi');
  writeFileSync(join(dir, 'notes.txt'), 'not an entry');
  assert.deepEqual(runningVirtualBoards(dir), []);
  assert.equal(existsSync(join(dir, `${pid}.json`)), false, 'a stale entry is removed when seen');
  assert.equal(existsSync(join(dir, 'notes.txt')), true, 'what is not an entry is left alone');
});
