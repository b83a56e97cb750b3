// Flashing the virtual board: a full Espruino-shaped set over rfc2217:// with the DevKit resets and over
// socket:// without, byte for byte; --diff; the baud change on a paced line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startBoard, type VirtualBoard, type StampedEvent } from '../../sim/index.ts';
import { loadBoard } from '../../core/board.ts';
import { openLink } from '../../host/link/index.ts';
import { flashRegions } from '../../flasher/jobs.ts';
import { prepareImageSet, type PreparedRegion, type Region } from '../../flasher/images/regions.ts';
import { makeAppImage, makeEspruinoRelease } from '../../flasher/images/synthetic.ts';
import { checkEspImage } from '../../flasher/images/esp-image.ts';

const profile = loadBoard('esp32-devkit');

/** The three images; `appSeed` changes only the application. */
function espruinoSet(appSize: number, appSeed = 1): PreparedRegion[] {
  const r = makeEspruinoRelease({ appSize: 1000 });
  const regions: Region[] = [
    { address: 0x1000, data: r.bootloader, name: 'bootloader.bin' },
    { address: 0x8000, data: r.partitions, name: 'partitions_espruino.bin' },
    { address: 0x10000, data: makeAppImage(appSize, appSeed), name: 'espruino_esp32.bin' },
  ];
  return prepareImageSet({ regions, description: 'test' }, profile);
}

function assertOnBoard(board: VirtualBoard, regions: PreparedRegion[]): void {
  for (const r of regions) {
    assert.ok(board.flash.read(r.address, r.data.length).equals(r.data), `${r.name} is on the board byte for byte`);
  }
}

function record(board: VirtualBoard): { events: StampedEvent[]; stop: () => void } {
  const events: StampedEvent[] = [];
  const stop = board.onEvent((e) => events.push(e));
  return { events, stop };
}

test('a full Espruino set (1.4 MB app) over rfc2217 with resets lands byte for byte and boots', async () => {
  const board = await startBoard({ pacing: false, boot: 'flash' });
  const regions = espruinoSet(1_400_000);
  const { events, stop } = record(board);
  const link = await openLink(board.ports.rfc2217);
  try {
    const phases: string[] = [];
    const report = await flashRegions(link, regions, {
      board: profile, before: 'default-reset', after: 'hard-reset',
      onProgress: (p) => { if (p.phase !== 'write' || p.sent === 0) phases.push(`${p.name}:${p.phase}`); },
    });
    assertOnBoard(board, regions);
    const boot = board.flash.read(0x1000, 24);
    assert.equal(boot[2], 2, 'dio in the bootloader header');
    assert.equal(boot[3], 0x20, '4MB/40m in the bootloader header');
    checkEspImage(board.flash.read(0x1000, regions[0]!.data.length));
    assert.equal(report.chip.description, 'ESP32-D0WDQ6-V3 (revision 3)');
    assert.equal(report.chip.mac, board.macAddress);
    assert.deepEqual(report.regions.map((r) => [r.name, r.skipped, r.attempts]), [
      ['bootloader.bin', false, 1], ['partitions_espruino.bin', false, 1], ['espruino_esp32.bin', false, 1],
    ]);
    assert.equal(report.bytes, regions.reduce((n, r) => n + r.data.length, 0));
    assert.ok(report.compressed > 0 && report.compressed < report.bytes);
    assert.equal(report.reset, true);
    assert.deepEqual(phases.filter((p) => p.startsWith('espruino_esp32.bin')), ['espruino_esp32.bin:write', 'espruino_esp32.bin:verify', 'espruino_esp32.bin:done']);
    // The DevKit sequence reached the board (EN held with GPIO0 free, then released with GPIO0 low), it
    // booted into the ROM loader, took the stub, and after the hard reset booted from flash.
    const kinds = events.map((e) => e.type);
    assert.ok(events.some((e) => e.type === 'boot' && e.mode === 'download'), 'download-mode boot');
    assert.ok(kinds.includes('stub'), 'stub uploaded');
    if (!events.some((e) => e.type === 'application')) await board.waitForEvent((e) => e.type === 'application', 10_000);
    assert.equal(board.running, 'application', 'the new application runs');
    assert.ok(events.some((e) => e.type === 'boot' && e.mode === 'flash'), `flash boot after the hard reset (${kinds.join(' ')})`);
  } finally {
    stop();
    await link.close();
    await board.close();
  }
});

test('a full Espruino set over socket:// without resets, then --diff skips what is already there', async () => {
  const board = await startBoard({ pacing: false, boot: 'download' });
  const regions = espruinoSet(1_400_000, 2);
  let link = await openLink(board.ports.socket);
  try {
    const first = await flashRegions(link, regions, { board: profile, before: 'no-reset', after: 'no-reset' });
    assertOnBoard(board, regions);
    assert.equal(first.reset, false);
    assert.equal(board.running, 'stub', 'left in the flasher');
    await link.close();

    // Everything matches: nothing is written (no flash-begin reaches the board).
    const { events, stop } = record(board);
    link = await openLink(board.ports.socket);
    const same = await flashRegions(link, regions, { board: profile, before: 'no-reset', after: 'no-reset', diff: true });
    assert.deepEqual(same.regions.map((r) => r.skipped), [true, true, true]);
    assert.equal(same.bytes, 0);
    assert.equal(events.filter((e) => e.type === 'flash-begin').length, 0);
    await link.close();

    // A new application: only it is written.
    const changed = espruinoSet(1_400_000, 3);
    events.length = 0;
    link = await openLink(board.ports.socket);
    const next = await flashRegions(link, changed, { board: profile, before: 'no-reset', after: 'no-reset', diff: true });
    stop();
    assert.deepEqual(next.regions.map((r) => [r.name, r.skipped]), [['bootloader.bin', true], ['partitions_espruino.bin', true], ['espruino_esp32.bin', false]]);
    assert.deepEqual(events.filter((e) => e.type === 'flash-begin').map((e) => e.offset), [0x10000]);
    assertOnBoard(board, changed);
  } finally {
    await link.close();
    await board.close();
  }
});

test('the baud change path: 921600 on a paced line, in place over rfc2217, raised in the ROM before the stub', async () => {
  const board = await startBoard({ pacing: true, boot: 'flash' });
  const regions = espruinoSet(60_000, 4);
  const link = await openLink(board.ports.rfc2217);
  const { events, stop } = record(board);
  const notes: string[] = [];
  try {
    const report = await flashRegions(link, regions, { board: profile, before: 'default-reset', after: 'no-reset', baud: 921600, note: (l) => notes.push(l) });
    assert.equal(report.baud, 921600);
    assert.ok(notes.some((l) => /raising the baud to 921600 in the ROM/.test(l)), notes.join('\n'));
    const changes = events.filter((e) => e.type === 'chip-baud');
    assert.equal(changes.length, 1, 'one baud change, by the ROM (with esptool\'s crystal correction): the stub travelled at 921600');
    assert.equal(link.baud, 921600, 'the host side followed');
    // The chip's baud comes from an integer clock divider: 80 MHz / 921600 is not whole, so it is off by a hair.
    assert.ok(Math.abs(board.chipBaud - 921600) / 921600 < 0.001, `the chip runs at the new baud (${board.chipBaud})`);
    assert.ok(events.some((e) => e.type === 'host-baud' && e.baud === 921600), 'RFC 2217 SET-BAUDRATE reached the board');
    assertOnBoard(board, regions);
  } finally {
    stop();
    await link.close();
    await board.close();
  }
});
