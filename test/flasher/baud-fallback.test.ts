// When the raised baud does not work: the session raises the baud in the ROM before the stub (rom-baud.ts), and
// if the ROM or the stub goes quiet at the new baud it starts over the old way (stub at 115200, then the stub's
// own baud change, or staying at 115200). The virtual board goes quiet in the two ways real hardware does: a
// host USB-UART that cannot run the baud (LineFaults.maxBaud, bytes garbled both ways) and a stub that does
// not keep the ROM's baud (stubKeepsBaud: false). Each flash must still land byte for byte and say how it
// fell back; a line that cannot even carry 115200 ends in one clear error and leaves the flash as it was.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBoard, type VirtualBoard, type StampedEvent } from '../../sim/index.ts';
import { loadBoard, flashBytes } from '../../core/board.ts';
import { openLink } from '../../host/link/index.ts';
import { backup, flashRegions } from '../../flasher/jobs.ts';
import { prepareImageSet, type PreparedRegion } from '../../flasher/images/regions.ts';
import { makeAppImage } from '../../flasher/images/synthetic.ts';
import { run } from '../helpers/cli-process.ts';

const profile = loadBoard('esp32-devkit');
const APP = 0x10000;

function app(seed: number): PreparedRegion[] {
  return prepareImageSet({ description: 't', regions: [{ address: APP, data: makeAppImage(40_000, seed), name: 'app.bin' }] }, profile);
}

function record(board: VirtualBoard): { events: StampedEvent[]; stop: () => void } {
  const events: StampedEvent[] = [];
  const stop = board.onEvent((e) => events.push(e));
  return { events, stop };
}

const md5 = (data: Uint8Array): string => createHash('md5').update(data).digest('hex');
/** The flasher's own notes, without esptool-js's trace, for an assertion's message. */
const own = (notes: string[]): string => notes.filter((l) => !l.startsWith('esptool-js:')).join('\n');

test('a USB-UART that cannot run 921600: the ROM goes quiet, the session starts over and finishes at 115200', async () => {
  const board = await startBoard({ pacing: true, boot: 'flash' });
  board.setFaults({ maxBaud: 460800 });
  const regions = app(21);
  const link = await openLink(board.ports.rfc2217);
  const { events, stop } = record(board);
  const notes: string[] = [];
  try {
    const report = await flashRegions(link, regions, { board: profile, before: 'default-reset', after: 'no-reset', baud: 921600, note: (l) => notes.push(l) });
    assert.ok(notes.some((l) => /raising the baud to 921600 in the ROM$/.test(l)), own(notes));
    assert.ok(notes.some((l) => /: the ROM did not answer at 921600 baud; starting over \(2 of 3\)$/.test(l)), own(notes));
    assert.ok(notes.some((l) => /: 921600 baud did not work; continuing at 115200$/.test(l)), own(notes));
    assert.equal(report.baud, 115200);
    assert.deepEqual(report.regions.map((r) => [r.name, r.skipped, r.attempts]), [['app.bin', false, 1]]);
    assert.equal(report.regions[0]!.md5, md5(regions[0]!.data), 'the region was verified by MD5');
    assert.equal(events.filter((e) => e.type === 'stub').length >= 2, true, 'the stub was uploaded again after the fallback');
    assert.ok(board.flash.read(APP, regions[0]!.data.length).equals(regions[0]!.data), 'the image is on the board byte for byte');
  } finally {
    stop();
    await link.close();
    await board.close();
  }
});

test('a stub that does not keep the ROM\'s baud: it greets at 115200, the session starts over and the stub raises it', async () => {
  const board = await startBoard({ pacing: true, boot: 'flash', stubKeepsBaud: false });
  const regions = app(22);
  const link = await openLink(board.ports.rfc2217);
  const notes: string[] = [];
  try {
    const report = await flashRegions(link, regions, { board: profile, before: 'default-reset', after: 'no-reset', baud: 921600, note: (l) => notes.push(l) });
    assert.ok(notes.some((l) => /: the stub did not greet at 921600 baud \(.*\); starting over \(2 of 3\)$/.test(l)), own(notes));
    assert.ok(notes.some((l) => /: raising the baud to 921600$/.test(l)), `the stub raised the baud the second time:\n${own(notes)}`);
    assert.equal(report.baud, 921600);
    assert.equal(report.regions[0]!.md5, md5(regions[0]!.data));
    assert.ok(Math.abs(board.chipBaud - 921600) / 921600 < 0.001, `the chip runs at 921600 (${board.chipBaud})`);
    assert.ok(board.flash.read(APP, regions[0]!.data.length).equals(regions[0]!.data), 'the image is on the board byte for byte');
    // Read back through the loader, as a person would check it.
    const read = await backup(link, { board: profile, before: 'default-reset', after: 'no-reset', baud: 921600, region: { address: APP, size: regions[0]!.data.length } });
    assert.ok(read.data.equals(regions[0]!.data), 'read back equals the image');
  } finally {
    await link.close();
    await board.close();
  }
});

test('espkit flash --baud 921600 through a slow USB-UART falls back and says so; one too slow for 115200 fails cleanly and loses nothing', async () => {
  const board = await startBoard({ pacing: true, boot: 'flash' });
  const work = mkdtempSync(join(tmpdir(), 'espkit-baud-fallback-'));
  const env = { ...process.env, HOME: work, ESPKIT_CACHE: join(work, 'cache') };
  const espkit = (args: string[]) => run(['--port', board.ports.rfc2217, ...args], { env, cwd: work, deadlineMs: 180_000 });
  try {
    const first = app(23)[0]!;
    const image = join(work, 'app.bin');
    writeFileSync(image, first.data);
    board.setFaults({ maxBaud: 460800 });
    const slow = await espkit(['-v', 'flash', '--baud', '921600', `0x10000=${image}`]);
    assert.equal(slow.code, 0, slow.stderr);
    assert.match(slow.stderr, /^rfc2217:\/\/127\.0\.0\.1:\d+: the ROM did not answer at 921600 baud; starting over \(2 of 3\)$/m);
    assert.match(slow.stderr, /^rfc2217:\/\/127\.0\.0\.1:\d+: 921600 baud did not work; continuing at 115200$/m);
    assert.match(slow.stdout, /^flashed .* at 115200 baud.*; every region verified by MD5 /m);
    assert.ok(board.flash.read(APP, first.data.length).equals(first.data), 'the image is on the board byte for byte');

    // Another adapter, slower than even the ROM's 115200: nothing gets through, one line says so.
    const before = Buffer.from(board.flash.read(0, flashBytes(profile)));
    const second = app(24)[0]!;
    writeFileSync(image, second.data);
    board.setFaults({ maxBaud: 57600 });
    const dead = await espkit(['flash', '--baud', '921600', `0x10000=${image}`]);
    assert.notEqual(dead.code, 0);
    const errors = dead.stderr.split('\n').filter((l) => l.startsWith('error:'));
    assert.equal(errors.length, 1, dead.stderr);
    assert.match(errors[0]!, /^error: no answer from the ESP32 ROM loader on rfc2217:\/\/127\.0\.0\.1:\d+ after 7 attempts: /);
    assert.ok(board.flash.read(0, flashBytes(profile)).equals(before), 'the flash is as it was');

    // A working adapter again: the board takes the next flash at the raised baud.
    board.clearFaults();
    const again = await espkit(['--json', 'flash', '--baud', '921600', `0x10000=${image}`]);
    assert.equal(again.code, 0, again.stderr);
    const report = JSON.parse(again.stdout) as { ok: boolean; baud: number; regions: Array<{ md5: string }> };
    assert.equal(report.ok, true);
    assert.equal(report.baud, 921600);
    assert.equal(report.regions[0]!.md5, md5(second.data));
    assert.ok(board.flash.read(APP, second.data.length).equals(second.data), 'the second image is on the board byte for byte');
  } finally {
    await board.close();
    rmSync(work, { recursive: true, force: true });
  }
});
