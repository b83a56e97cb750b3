// esptool.py (the client most ESP32 users have) drives the virtual board: over rfc2217:// with its default
// reset (pyserial's RFC 2217 client sends each DTR/RTS change as its own Telnet command, and the board must
// still end up in the ROM loader), and over socket:// with --before no-reset on a board started by
// `espkit sim --download-mode`. Each writes 64 KB compressed and uncompressed and reads it back byte-equal.
// Skipped, with the reason, where esptool.py or pyserial is missing (bench/support/esptool-py.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { startBoard } from '../../sim/index.ts';
import { findEsptoolPy, runEsptool, type EsptoolPy } from '../../bench/support/esptool-py.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const tool = findEsptoolPy();
const skip = typeof tool === 'string' ? tool : false;
const KB64 = 64 * 1024;

/** Half random, half repetitive: the compressed write sends less than the image and inflates both kinds. */
function mixedImage(): Buffer {
  const data = Buffer.alloc(KB64);
  randomBytes(KB64 / 2).copy(data, 0);
  for (let i = KB64 / 2; i < KB64; i++) data[i] = (i * 31) & 0xff;
  return data;
}

async function esptool(t: EsptoolPy, port: string, args: string[]): Promise<string> {
  const run = await runEsptool(t, ['--chip', 'esp32', '-p', port, ...args]);
  assert.equal(run.code, 0, `esptool ${args.join(' ')} failed:\n${run.output}`);
  return run.output;
}

/** chip-id, write-flash compressed and --no-compress, read-flash of the uncompressed region. */
async function writeAndReadBack(t: EsptoolPy, port: string, common: string[], dir: string, flash: { read(offset: number, length: number): Buffer }, mac: string): Promise<void> {
  const id = await esptool(t, port, [...common, 'chip-id']);
  assert.match(id, /Chip type:\s+ESP32-D0WDQ6/);
  assert.ok(id.includes(mac), `the MAC ${mac} in:\n${id}`);

  const compressed = mixedImage();
  const plain = randomBytes(KB64);
  writeFileSync(join(dir, 'compressed.bin'), compressed);
  writeFileSync(join(dir, 'plain.bin'), plain);
  const w1 = await esptool(t, port, [...common, 'write-flash', '0x10000', join(dir, 'compressed.bin')]);
  assert.match(w1, /Wrote 65536 bytes \(\d+ compressed\)/);
  assert.match(w1, /Hash of data verified/);
  const w2 = await esptool(t, port, [...common, 'write-flash', '--no-compress', '0x20000', join(dir, 'plain.bin')]);
  assert.match(w2, /Wrote 65536 bytes at 0x00020000/);
  assert.match(w2, /Hash of data verified/);
  assert.ok(flash.read(0x10000, KB64).equals(compressed), 'the compressed image is in the flash');

  await esptool(t, port, [...common, 'read-flash', '0x20000', String(KB64), join(dir, 'back.bin')]);
  assert.ok(readFileSync(join(dir, 'back.bin')).equals(plain), 'read-flash returns what write-flash --no-compress wrote');
}

for (const baud of [115200, 921600]) {
  test(`esptool.py over rfc2217:// at ${baud} baud resets the board into its loader, writes 64 KB both ways and reads it back`, { skip }, async () => {
    const t = tool as EsptoolPy;
    const dir = mkdtempSync(join(tmpdir(), 'espkit-esptool-py-'));
    const board = await startBoard({ pacing: true });
    try {
      // The default --before default-reset: pyserial's DTR/RTS commands one by one over RFC 2217.
      await writeAndReadBack(t, board.ports.rfc2217, ['-b', String(baud)], dir, board.flash, board.macAddress);
    } finally {
      await board.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test('esptool.py over socket:// with --before no-reset talks to `espkit sim --download-mode`', { skip }, async () => {
  const t = tool as EsptoolPy;
  const dir = mkdtempSync(join(tmpdir(), 'espkit-esptool-py-'));
  const child = spawn(process.execPath, ['bin/espkit.js', '--json', 'sim', '--download-mode', '--no-pty', '--no-pacing', '--flash', join(dir, 'b.bin')], {
    cwd: root,
    env: { ...process.env, ESPKIT_SIM_REGISTRY: join(dir, 'sims') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    const ready = await new Promise<{ boards: Array<{ mac: string; flash: string; ports: { socket: string } }> }>((resolve, reject) => {
      createInterface({ input: child.stdout! }).on('line', (line) => {
        const doc = JSON.parse(line) as { type: string };
        if (doc.type === 'ready') resolve(doc as never);
      });
      child.once('exit', (code) => reject(new Error(`espkit sim exited early with ${code}`)));
    });
    const board = ready.boards[0]!;
    // No modem lines over socket://: the board waits in its loader, and each run leaves it there. Unpaced: the
    // line's speed is what the rfc2217:// tests cover.
    const flash = { read: (offset: number, length: number) => readFileSync(board.flash).subarray(offset, offset + length) };
    await writeAndReadBack(t, board.ports.socket, ['--before', 'no-reset', '--after', 'no-reset'], dir, flash, board.mac);
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => { if (child.exitCode !== null) resolve(undefined); else child.once('exit', resolve); });
    rmSync(dir, { recursive: true, force: true });
  }
});
