// The endpoints beyond the loader tests: RFC 2217 answers (code + 100), the pseudo-terminal through socat
// (reopened by a second program), and `espkit sim` as a process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { socatAvailable, startBoard } from '../../sim/index.ts';
import { openLink } from '../../host/link/index.ts';
import { CPO, IAC, OPT_COM_PORT, SB, SE, TelnetParser, WILL, comPort, negotiate, u32be } from '../../core/protocol/telnet.ts';
import { LoaderClient, SYNC_DATA, request } from './loader-client.ts';

const root = new URL('../../', import.meta.url).pathname;

test('the RFC 2217 server answers each COM-PORT-OPTION with the code + 100 and applies DTR/RTS and the baud', async () => {
  const board = await startBoard({ pacing: false });
  const socket = net.connect(Number(new URL(board.ports.rfc2217).port), '127.0.0.1');
  try {
    await new Promise<void>((r) => socket.once('connect', () => r()));
    const parser = new TelnetParser();
    const replies: Array<{ code: number; value: Buffer }> = [];
    let wake: () => void = () => {};
    socket.on('data', (chunk: Buffer) => {
      for (const ev of parser.feed(chunk)) {
        if (ev.type === 'subnegotiation' && ev.option === OPT_COM_PORT) replies.push({ code: ev.data[0]!, value: ev.data.subarray(1) });
      }
      wake();
    });
    const next = async (): Promise<{ code: number; value: Buffer }> => {
      while (replies.length === 0) await new Promise<void>((r) => { wake = r; setTimeout(r, 2000); });
      return replies.shift()!;
    };
    socket.write(negotiate(WILL, OPT_COM_PORT));
    socket.write(comPort(CPO.SET_BAUDRATE, u32be(460800)));
    assert.deepEqual(await next(), { code: 101, value: u32be(460800) });
    socket.write(comPort(CPO.SET_BAUDRATE, u32be(0)));
    assert.deepEqual(await next(), { code: 101, value: u32be(460800) }, 'baud 0 asks for the current one');
    socket.write(comPort(CPO.SET_DATASIZE, Buffer.from([8])));
    assert.deepEqual(await next(), { code: 102, value: Buffer.from([8]) });
    const held = board.waitForEvent((e) => e.type === 'reset-hold');
    socket.write(comPort(CPO.SET_CONTROL, Buffer.from([11]))); // RTS on: EN low
    assert.deepEqual(await next(), { code: 105, value: Buffer.from([11]) });
    await held;
    assert.equal(board.state, 'reset');
    socket.write(comPort(CPO.SET_CONTROL, Buffer.from([10]))); // request RTS state
    assert.deepEqual(await next(), { code: 105, value: Buffer.from([11]) });
    socket.write(comPort(CPO.PURGE_DATA, Buffer.from([3])));
    assert.deepEqual(await next(), { code: 112, value: Buffer.from([3]) });
    socket.write(comPort(CPO.SIGNATURE, Buffer.alloc(0)));
    assert.match((await next()).value.toString('latin1'), /espkit sim/);
    const booted = board.waitForEvent((e) => e.type === 'boot');
    socket.write(Buffer.from([IAC, SB, OPT_COM_PORT, CPO.SET_CONTROL, 12, IAC, SE])); // RTS off: the chip boots
    assert.equal((await next()).code, 105);
    await booted;
  } finally {
    socket.destroy();
    await board.close();
  }
});

test('the pseudo-terminal carries the UART, and works again for the next program that opens it', { skip: !socatAvailable() && 'socat is not installed' }, async () => {
  const board = await startBoard({ pacing: false, boot: 'download', pty: true });
  try {
    const path = board.ports.pty;
    assert.ok(path, 'a pty path');
    for (let round = 0; round < 2; round++) {
      const link = await openLink(path);
      const c = new LoaderClient(link);
      await c.send(request(0x08, SYNC_DATA));
      assert.equal((await c.reply(10_000)).op, 0x08, `round ${round}`);
      await c.drain(50);
      const gone = board.waitForEvent((e) => e.type === 'disconnect' && e.endpoint === 'pty', 10_000);
      await link.close();
      await gone;
      await board.whenPtyReady(); // socat starts again for the next program
    }
  } finally {
    await board.close();
  }
});

test('espkit sim --json prints a ready line with the ports, serves them, and stops cleanly on SIGTERM', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'espkit-sim-cli-'));
  const child = spawn(process.execPath, ['bin/espkit.js', '--json', 'sim', '--no-pacing', '--no-pty', '--boot', 'download', '--flash', join(dir, 'b.bin')], { cwd: root, env: { ...process.env, ESPKIT_SIM_REGISTRY: join(dir, 'sims') }, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const lines = createInterface({ input: child.stdout! });
    const seen: Array<Record<string, unknown>> = [];
    const ready = await new Promise<Record<string, unknown>>((resolve, reject) => {
      lines.on('line', (line) => {
        const doc = JSON.parse(line) as Record<string, unknown>;
        seen.push(doc);
        if (doc.type === 'ready') resolve(doc);
      });
      child.once('exit', (code) => reject(new Error(`espkit sim exited early with ${code}`)));
    });
    const [board] = ready.boards as Array<{ deviceId: string; mac: string; ports: { socket: string; rfc2217: string } }>;
    assert.match(board!.deviceId, /^esp32-[0-9a-f]{6}$/);
    assert.match(board!.ports.rfc2217, /^rfc2217:\/\/127\.0\.0\.1:\d+$/);
    const link = await openLink(board!.ports.socket);
    const c = new LoaderClient(link);
    await c.send(request(0x08, SYNC_DATA));
    assert.equal((await c.reply(10_000)).op, 0x08);
    await link.close();
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
    assert.ok(seen.some((d) => d.type === 'connect'), 'events came as JSON lines');
    assert.equal(seen.at(-1)?.type, 'stopped');
  } finally {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});

test('espkit sim refuses a bad --ap with a usage error', async () => {
  const child = spawn(process.execPath, ['bin/espkit.js', 'sim', '--ap', 'home:short'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => { stderr += d.toString(); });
  const code = await new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
  assert.equal(code, 2);
  assert.equal(stderr.trim(), 'error: --ap: a WPA2 password has 8 to 63 characters (or leave it out for an open network)');
});
