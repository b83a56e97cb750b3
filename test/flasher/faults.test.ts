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
import type { RegionProgress } from '../../flasher/write.ts';
import type { LineFaults } from '../../sim/index.ts';
import { OP } from '../../sim/rom/protocol.ts';

const profile = loadBoard('esp32-devkit');
const app = (seed: number): PreparedRegion[] =>
  prepareImageSet({ description: 't', regions: [{ address: 0x10000, data: makeAppImage(300_000, seed), name: 'espruino_esp32.bin' }] }, profile);

interface FaultyFlash {
  board: VirtualBoard;
  report?: FlashReport;
  error?: Error;
  /** What the flasher noted (a block sent again, a region written again). */
  notes: string[];
}

/**
 * Flash over socket:// with `faults` on the line from the start of the write phase; returns the report or the
 * error. The exchange before it is not the same from run to run: a SYNC reply that comes late on a loaded
 * machine makes the loader sync again and the board answer 8 more times, which would move every byte a rate
 * and seed hit. From FLASH_DEFL_BEGIN on, every byte on the line follows from the image and the faults alone.
 */
async function flashWithFaults(faults: LineFaults, regions: PreparedRegion[]): Promise<FaultyFlash> {
  const board = await startBoard({ pacing: false, boot: 'download' });
  const link = await openLink(board.ports.socket);
  const notes: string[] = [];
  let writing = false;
  // The first 'write' comes before FLASH_DEFL_BEGIN is sent and after every earlier reply has reached the host.
  const onProgress = (p: RegionProgress): void => {
    if (p.phase !== 'write' || writing) return;
    writing = true;
    board.setFaults(faults);
  };
  try {
    const report = await flashRegions(link, regions, { board: profile, before: 'no-reset', after: 'no-reset', onProgress, note: (line) => notes.push(line) });
    return { board, report, notes };
  } catch (error) {
    return { board, error: error as Error, notes };
  } finally {
    await link.close();
  }
}

const blockSentAgain = (notes: string[], seq: number | string = String.raw`\d+`): boolean =>
  notes.some((line) => new RegExp(`^block ${seq}: .*; sending it again$`).test(line));
/** The flasher's own notes, without esptool-js's trace, for an assertion's message. */
const retries = (notes: string[]): string => notes.filter((line) => !line.startsWith('esptool-js:')).join(' | ');

function onBoard(board: VirtualBoard, regions: PreparedRegion[]): boolean {
  return regions.every((r) => board.flash.read(r.address, r.data.length).equals(r.data));
}

test('flipped bytes on the way to the board: the damaged blocks are sent again and the flash is exact', async () => {
  const regions = app(11);
  const { board, report, error, notes } = await flashWithFaults({ flipRate: 2e-5, direction: 'to-board', seed: 1 }, regions);
  try {
    assert.equal(error, undefined, `no failure: ${error?.message}`);
    assert.ok(board.faultCounts.flipped > 0, 'bytes were flipped');
    assert.ok(blockSentAgain(notes), `a damaged block was sent again: ${retries(notes)}`);
    assert.ok(onBoard(board, regions), 'the flash holds the image');
    assert.equal(report!.regions[0]!.skipped, false);
  } finally {
    await board.close();
  }
});

test('replies lost on the way back: the region is written again and verified', async () => {
  const regions = app(12);
  // The third FLASH_DEFL_DATA reply is block 2's acknowledgement: the loader waits for it in vain and sends
  // block 2 again, the stub inflates it twice, and only writing the whole region again makes the flash right.
  const lost: LineFaults = { losePackets: { op: OP.FLASH_DEFL_DATA, nth: [3] }, direction: 'from-board' };
  const { board, report, error, notes } = await flashWithFaults(lost, regions);
  try {
    assert.equal(error, undefined, `no failure: ${error?.message}`);
    assert.equal(board.faultCounts.lostPackets, 1, 'one acknowledgement was lost');
    assert.ok(blockSentAgain(notes, 2), `block 2 was sent again: ${retries(notes)}`);
    assert.equal(report!.regions[0]!.attempts, 2, 'the region was written again');
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
