// espkit deploy end to end on virtual boards: the CLI with --json, slots alternating, an interrupted
// deploy (the old firmware still boots), corrupted chunks (resent and verified, or a clear failure with
// the old firmware still booting), and a port with no Espruino behind it.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBoard } from '../../sim/index.ts';
import { openLink } from '../../host/link/index.ts';
import { EspruinoRepl } from '../../host/espruino/repl.ts';
import { bootCode } from '../../host/espruino/boot.ts';
import { firmware, startTestBoard, deployTo, lineMatching, ROOT } from '../firmware/device.ts';
import { patternBytes } from '../helpers/bytes.ts';
import { isolatedEnv } from '../helpers/isolated-env.ts';

// espkit deploy as a child process reads nothing of the user's home (a running hub, a cache).
const home = isolatedEnv();
after(() => home.remove());

/** A program that is not the firmware, big enough for several chunks, with its own ready line. */
function otherProgram(version: string): Buffer {
  const filler = patternBytes(9000, 3).toString('base64');
  return Buffer.from(`var filler=${JSON.stringify(filler)};\nprint("espkit ready other ${version}");\n`);
}

async function bootFile(port: string): Promise<string | undefined> {
  const link = await openLink(port);
  const repl = new EspruinoRepl(link);
  try {
    await repl.prompt();
    return await repl.evaluate<string | undefined>('require("Storage").read(".bootcde")');
  } finally {
    repl.detach();
    await link.close();
  }
}

function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/espkit.js', ...args], { cwd: ROOT, env: home.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

test('espkit deploy --json stores, verifies and boots the firmware; the next deploy uses the other slot', async () => {
  const board = await startTestBoard();
  const dir = mkdtempSync(join(tmpdir(), 'espkit-deploy-'));
  try {
    const file = join(dir, 'firmware.js');
    writeFileSync(file, await firmware());
    const first = await runCli(['--port', board.ports.socket, '--json', 'deploy', '--no-wait', '--file', file, '--wifi', 'espkit-lab', '--password', 'lab-pass-123', '--pin', '24681357']);
    assert.equal(first.code, 0, first.stderr);
    const result = JSON.parse(first.stdout) as { ok: boolean; slot: string; bytes: number; crc: number; deviceId: string; version: string; settings: Record<string, unknown>; settingsKeys: string[] };
    assert.equal(result.ok, true);
    assert.equal(result.slot, 'espkit.a');
    assert.equal(result.bytes, (await firmware()).length);
    assert.equal(result.deviceId, board.deviceId);
    assert.deepEqual(result.settings, { ssid: 'espkit-lab', wifiPassword: '***', pin: '***' });
    assert.deepEqual(result.settingsKeys.sort(), ['pin', 'ssid', 'wifiPassword']);
    // the PIN is digits: only a run of exactly those digits counts, so a CRC or port that happens to contain them does not
    assert.doesNotMatch(first.stdout + first.stderr, /lab-pass-123|(?<!\d)24681357(?!\d)/, 'no secret is printed');
    assert.doesNotMatch(board.outputText(), /lab-pass-123/, 'no secret is echoed by the board');

    const second = await runCli(['--port', board.ports.socket, 'deploy', '--no-wait', '--file', file]);
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stdout, /deployed [\d.]+ KB to espkit\.b \(CRC [0-9a-f]{8} verified/);
    assert.equal(await bootFile(board.ports.socket), bootCode('espkit.b'));

    const missing = await runCli(['--port', board.ports.socket, 'deploy', '--file', join(dir, 'nope.js')]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /^error: no firmware at .*nope\.js: run espkit build first \(or pass --file\)\n$/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await board.close();
  }
});

test('an interrupted deploy leaves the previous firmware booting', async () => {
  const board = await startTestBoard();
  try {
    const old = await deployTo(board);
    const link = await openLink(board.ports.socket);
    await assert.rejects(
      import('../../host/espruino/deploy.ts').then(({ deployFirmware }) => deployFirmware(link, {
        code: otherProgram('2.0.0'),
        // the cable is pulled once the board has confirmed the first piece
        onProgress: (e) => {
          if (e.phase === 'upload' && (e.done ?? 0) > 0) link.destroy();
        },
      })),
      /closed|link/,
    );
    assert.equal(await bootFile(board.ports.socket), bootCode(old.slot), 'the boot file still names the old slot');
    board.clearOutput();
    board.reset();
    const ready = await lineMatching(board, /espkit ready /);
    assert.match(ready, new RegExp(`espkit ready ${board.deviceId} ${old.version}`));
    // and the next deploy of the new program completes
    const next = await deployTo(board, undefined, { code: otherProgram('2.0.0') });
    assert.equal(next.version, '2.0.0');
    assert.notEqual(next.slot, old.slot);
  } finally {
    await board.close();
  }
});

test('corrupted chunks are detected by CRC and resent, and the stored file is verified', async () => {
  const board = await startTestBoard();
  try {
    const result = await deployTo(board, undefined, {
      code: otherProgram('3.0.0'),
      compress: false,
      onProgress: (e) => {
        // a noisy line while the chunks travel, clean again for the final check
        if (e.phase === 'upload' && e.done === 0) board.setFaults({ flipRate: 1 / 8000, direction: 'to-board', seed: 3 });
        if (e.phase === 'upload' && e.done === e.total) board.clearFaults();
      },
    });
    assert.ok(board.faultCounts.flipped > 0, 'the line really flipped bits');
    assert.ok(result.upload.resent > 0, `chunks resent: ${result.upload.resent}`);
    assert.equal(result.version, '3.0.0');
  } finally {
    await board.close();
  }
});

test('a line too noisy to store anything fails with one clear line, and the old firmware still boots', async () => {
  const board = await startTestBoard();
  try {
    const old = await deployTo(board);
    await assert.rejects(
      deployTo(board, undefined, {
        code: otherProgram('4.0.0'),
        onProgress: (e) => {
          if (e.phase === 'upload' && e.done === 0) board.setFaults({ flipRate: 0.02, direction: 'to-board', seed: 11 });
        },
      }),
      (err: Error) => /the link corrupts data|stopped answering/.test(err.message) && !err.message.includes('\n'),
    );
    board.clearFaults();
    assert.equal(await bootFile(board.ports.socket), bootCode(old.slot));
    board.clearOutput();
    board.reset();
    await lineMatching(board, new RegExp(`espkit ready ${board.deviceId} ${old.version}`));
  } finally {
    await board.close();
  }
});

test('a port with no Espruino behind it is a clear error', async () => {
  const board = await startBoard({ pacing: false, boot: 'download' });
  try {
    await assert.rejects(
      deployTo(board, undefined, { code: Buffer.from('print(1)'), promptTimeoutMs: 1500 }),
      /^EspkitError: no Espruino prompt on socket:\/\/127\.0\.0\.1:\d+ within 2 s: check the port, that Espruino is flashed/,
    );
  } finally {
    await board.close();
  }
});

test('firmware that fails at boot is reported, and the board is switched back to the previous one', async () => {
  const board = await startTestBoard();
  try {
    const old = await deployTo(board);
    board.clearOutput();
    await assert.rejects(
      deployTo(board, undefined, { code: Buffer.from('var x = 1;\nthrow new Error("boom at start");\n') }),
      (err: Error) => /^the new firmware stopped at boot: Uncaught Error: boom at start; the board was switched back to the previous firmware \(espkit\.a\)$/.test(err.message),
    );
    await lineMatching(board, new RegExp(`espkit ready ${board.deviceId} ${old.version}`));
    assert.equal(await bootFile(board.ports.socket), bootCode(old.slot));
  } finally {
    await board.close();
  }
});

test('deployFirmware takes a broker URL with user:password@ as the CLI does: the login is stored apart from the URL', async () => {
  const board = await startTestBoard();
  try {
    const result = await deployTo(board, { broker: 'mqtt://esp32-aa0001:s3cret@127.0.0.1:1883' }, { code: otherProgram('login') });
    assert.deepEqual(result.settingsKeys?.sort(), ['broker', 'brokerPassword', 'brokerUser']);
    const link = await openLink(board.ports.socket);
    const repl = new EspruinoRepl(link);
    try {
      await repl.prompt();
      const stored = await repl.evaluate<Record<string, unknown>>('require("Storage").readJSON("espkit.json")');
      assert.equal(stored.broker, 'mqtt://127.0.0.1:1883');
      assert.equal(stored.brokerUser, 'esp32-aa0001');
      assert.equal(stored.brokerPassword, 's3cret');
    } finally {
      repl.detach();
      await link.close();
    }
    await assert.rejects(deployTo(board, { broker: 'http://nope' }), /--broker: the firmware speaks plain MQTT only/);
  } finally {
    await board.close();
  }
});
