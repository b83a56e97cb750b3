// When the line or the board misbehaves: flipped and dropped bytes end in a retry or one clear error, never
// in a flash that differs from the image; a board unplugged mid-write gives a clear error and a rerun
// succeeds; a chip that is not the profile's is refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startBoard, type VirtualBoard } from '../../sim/index.ts';
import { loadBoard, type BoardProfile } from '../../core/board.ts';
import { openLink } from '../../host/link/index.ts';
import { EspkitError } from '../../core/errors.ts';
import { flashRegions, type FlashReport } from '../../flasher/jobs.ts';
import { prepareImageSet, type PreparedRegion } from '../../flasher/images/regions.ts';
import { makeAppImage } from '../../flasher/images/synthetic.ts';
import type { LineFaults } from '../../sim/index.ts';

const profile = loadBoard('esp32-devkit');
const app = (seed: number): PreparedRegion[] =>
  prepareImageSet({ description: 't', regions: [{ address: 0x10000, data: makeAppImage(300_000, seed), name: 'espruino_esp32.bin' }] }, profile);

/** Flash over socket:// with faults on the line from the first byte; returns the report or the error. */
async function flashWithFaults(faults: LineFaults, regions: PreparedRegion[]): Promise<{ board: VirtualBoard; report?: FlashReport; error?: Error }> {
  const board = await startBoard({ pacing: false, boot: 'download' });
  board.setFaults(faults);
  const link = await openLink(board.ports.socket);
  try {
    const report = await flashRegions(link, regions, { board: profile, before: 'no-reset', after: 'no-reset' });
    return { board, report };
  } catch (error) {
    return { board, error: error as Error };
  } finally {
    await link.close();
  }
}

function onBoard(board: VirtualBoard, regions: PreparedRegion[]): boolean {
  return regions.every((r) => board.flash.read(r.address, r.data.length).equals(r.data));
}

test('flipped bytes on the way to the board: the damaged blocks are sent again and the flash is exact', async () => {
  const regions = app(11);
  const { board, report, error } = await flashWithFaults({ flipRate: 2e-5, direction: 'to-board', seed: 1 }, regions);
  try {
    assert.equal(error, undefined, `no failure: ${error?.message}`);
    assert.ok(board.faultCounts.flipped > 0, 'bytes were flipped');
    assert.ok(onBoard(board, regions), 'the flash holds the image');
    assert.equal(report!.regions[0]!.skipped, false);
  } finally {
    await board.close();
  }
});

test('replies lost on the way back: the region is written again and verified', async () => {
  const regions = app(12);
  // Which bytes are dropped follows from the seed and from every byte the board sent before: this seed loses a
  // block's acknowledgement with the loader's current exchange (a changed exchange may need another seed).
  const { board, report, error } = await flashWithFaults({ dropRate: 0.002, direction: 'from-board', seed: 7 }, regions);
  try {
    assert.equal(error, undefined, `no failure: ${error?.message}`);
    assert.ok(board.faultCounts.dropped > 0, 'bytes were dropped');
    assert.ok(report!.regions[0]!.attempts >= 2, `the region was written again (attempts ${report!.regions[0]!.attempts})`);
    assert.ok(onBoard(board, regions), 'the flash holds the image');
  } finally {
    await board.close();
  }
});

test('a line too noisy to flash ends in one clear error, never in a silently wrong flash', async () => {
  for (const faults of [{ flipRate: 3e-4, direction: 'to-board', seed: 2 }, { dropRate: 3e-4, direction: 'to-board', seed: 4 }] as LineFaults[]) {
    const regions = app(13);
    const { board, report, error } = await flashWithFaults(faults, regions);
    try {
      assert.equal(report, undefined, 'at this rate almost every 16 KB block is damaged: it cannot succeed');
      assert.ok(error instanceof EspkitError, `an EspkitError: ${error}`);
      assert.doesNotMatch(error.message, /\n/);
      assert.match(error.message, /failed 3 times .*try a lower --baud or another cable|stopped answering/);
    } finally {
      await board.close();
    }
  }
});

test('unplugged mid-write: a clear error, and a rerun after replugging succeeds', async () => {
  const board = await startBoard({ pacing: false, boot: 'flash' });
  const regions = app(14);
  const unplugged = new Promise<void>((resolve) => {
    const stop = board.onEvent((e) => {
      if (e.type === 'flash-begin' && e.offset === 0x10000) {
        stop();
        board.unplug({ replugAfterMs: 200 });
        resolve();
      }
    });
  });
  const job = { board: profile, before: 'default-reset' as const, after: 'hard-reset' as const };
  let link = await openLink(board.ports.rfc2217);
  try {
    await assert.rejects(flashRegions(link, regions, job), (err: Error) => {
      assert.ok(err instanceof EspkitError);
      assert.match(err.message, /^lost rfc2217:\/\/127\.0\.0\.1:\d+ .*check the cable or the server and run the command again$/);
      return true;
    });
    await unplugged;
    if (board.state === 'off') await board.waitForEvent((e) => e.type === 'replug', 10_000);
    link = await openLink(board.ports.rfc2217);
    const report = await flashRegions(link, regions, job);
    assert.equal(report.regions[0]!.attempts, 1);
    assert.ok(onBoard(board, regions), 'the rerun wrote the whole image');
  } finally {
    await link.close();
    await board.close();
  }
});

test('a chip that is not the one the board profile names is refused before anything is written', async () => {
  const board = await startBoard({ pacing: false, boot: 'download' });
  // The profile format only knows the ESP32 so far; a profile for another chip is what a wrong --board gives.
  const s3 = { ...profile, id: 'esp32s3-devkit', chip: 'ESP32-S3' } as unknown as BoardProfile;
  const link = await openLink(board.ports.socket);
  const writes: unknown[] = [];
  const stop = board.onEvent((e) => { if (e.type === 'flash-begin' || e.type === 'flash-erase') writes.push(e); });
  try {
    await assert.rejects(flashRegions(link, app(15), { board: s3, before: 'no-reset', after: 'no-reset' }),
      /socket:\/\/127\.0\.0\.1:\d+ has an ESP32, but the board profile "esp32s3-devkit" is for an ESP32-S3: pick the right --board/);
    assert.deepEqual(writes, []);
    assert.equal(board.running, 'rom', 'the stub was not even loaded');
  } finally {
    stop();
    await link.close();
    await board.close();
  }
});
