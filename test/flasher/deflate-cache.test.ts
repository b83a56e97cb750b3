// The deflate cache: a region with a cached (Zopfli) stream goes out as that stream and lands byte for byte
// with its MD5 checked; a damaged or foreign stream is never flashed; an unwritable cache still flashes; the
// cache follows the bytes, not the name. Every test has a cache folder of its own.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { startBoard } from '../../sim/index.ts';
import { loadBoard } from '../../core/board.ts';
import { openLink } from '../../host/link/index.ts';
import { flashRegions, type FlashReport } from '../../flasher/jobs.ts';
import { prepareImageSet, type PreparedRegion } from '../../flasher/images/regions.ts';
import { makeAppImage } from '../../flasher/images/synthetic.ts';
import { CACHED_COMPRESSOR, readCachedStream, sha256, streamPath } from '../../flasher/deflate-cache.ts';
import { precompressRegions } from '../../flasher/precompress.ts';

const profile = loadBoard('esp32-devkit');
const work = mkdtempSync(join(tmpdir(), 'espkit-deflate-cache-'));
after(() => rmSync(work, { recursive: true, force: true }));
let caches = 0;
const freshCache = (): string => join(work, `cache-${++caches}`);

function appRegion(seed: number, size = 200_000): PreparedRegion {
  const [region] = prepareImageSet({ description: 'test', regions: [{ address: 0x10000, data: makeAppImage(size, seed), name: 'app.bin' }] }, profile);
  return region!;
}

async function flashOnBoard(regions: PreparedRegion[], deflateCache: string): Promise<FlashReport> {
  const board = await startBoard({ pacing: false, boot: 'download' });
  const link = await openLink(board.ports.socket);
  try {
    const report = await flashRegions(link, regions, { board: profile, before: 'no-reset', after: 'no-reset', deflateCache });
    for (const r of regions) assert.ok(board.flash.read(r.address, r.data.length).equals(r.data), `${r.name} is on the board byte for byte`);
    return report;
  } finally {
    await link.close();
    await board.close();
  }
}

test('a cached Zopfli stream is what goes out, smaller than zlib 9, and the flash is exact with its MD5 checked', async () => {
  const cache = freshCache();
  const region = appRegion(11);
  const [made] = await precompressRegions([region], { cacheDir: cache });
  const zlib9 = deflateSync(region.data, { level: 9 }).length;
  assert.equal(made!.cached, false);
  assert.equal(made!.zlib9, zlib9);
  assert.ok(made!.stream < zlib9, `Zopfli's stream (${made!.stream}) is smaller than zlib 9's (${zlib9})`);
  const file = streamPath(sha256(region.data), cache);
  assert.equal(readFileSync(file).length, made!.stream);

  const report = await flashOnBoard([region], cache);
  assert.equal(report.regions[0]!.compressor, CACHED_COMPRESSOR);
  assert.equal(report.compressed, made!.stream, 'the bytes sent are the cached stream');
  assert.equal(report.regions[0]!.md5, region.md5);
  assert.equal(report.bytes, region.data.length, 'progress and totals count the image, not the stream');

  const [again] = await precompressRegions([region], { cacheDir: cache });
  assert.equal(again!.cached, true, 'a second precompress finds the stream and makes nothing');
});

test('a damaged cached stream is removed and never flashed; zlib 9 goes out and the flash is exact', async () => {
  const cache = freshCache();
  const region = appRegion(12);
  await precompressRegions([region], { cacheDir: cache });
  const file = streamPath(sha256(region.data), cache);
  const stream = readFileSync(file);
  // One flipped bit deep in the data: still a stream of the right size, wrong bytes or a bad adler32.
  stream[Math.floor(stream.length / 2)]! ^= 0x10;
  writeFileSync(file, stream);
  const notes: string[] = [];
  const board = await startBoard({ pacing: false, boot: 'download' });
  const link = await openLink(board.ports.socket);
  try {
    const report = await flashRegions(link, [region], { board: profile, before: 'no-reset', after: 'no-reset', deflateCache: cache, note: (l) => notes.push(l) });
    assert.ok(board.flash.read(region.address, region.data.length).equals(region.data));
    assert.equal(report.regions[0]!.compressor, 'zlib-9');
    assert.equal(report.compressed, deflateSync(region.data, { level: 9 }).length);
  } finally {
    await link.close();
    await board.close();
  }
  assert.equal(existsSync(file), false, 'the damaged file is gone');
  assert.ok(notes.some((l) => /did not inflate to its bytes/.test(l)), notes.join('\n'));

  // A stream cut short, and a whole one with a byte after its end, are refused the same way.
  const whole = deflateSync(region.data, { level: 9 });
  for (const bad of [whole.subarray(0, whole.length - 100), Buffer.concat([whole, Buffer.from([0])])]) {
    writeFileSync(file, bad);
    assert.deepEqual(await readCachedStream(region.data, cache), { found: false, why: 'corrupt' });
    assert.equal(existsSync(file), false);
  }
  writeFileSync(file, whole);
  assert.equal((await readCachedStream(region.data, cache)).found, true, 'the same stream whole is taken');
});

test('an unwritable cache is no error: the stream is not kept and the flash uses zlib 9', async () => {
  const blocker = join(work, 'not-a-folder');
  writeFileSync(blocker, 'a file where the cache folder would be');
  const cache = join(blocker, 'cache');
  const region = appRegion(13, 60_000);
  const notes: string[] = [];
  const [made] = await precompressRegions([region], { cacheDir: cache, note: (l) => notes.push(l) });
  assert.ok(made!.notKept, 'the reason it was not kept is given');
  assert.ok(notes.some((l) => /could not keep/.test(l)));
  const report = await flashOnBoard([region], cache);
  assert.equal(report.regions[0]!.compressor, 'zlib-9');
});

test('the cache follows the bytes: a changed image never gets the old stream, even one filed under its name', async () => {
  const cache = freshCache();
  const before = appRegion(14);
  const changed = appRegion(15);
  await precompressRegions([before], { cacheDir: cache });
  const first = await flashOnBoard([changed], cache);
  assert.equal(first.regions[0]!.compressor, 'zlib-9', 'no stream for the changed bytes');

  // The old image's stream copied under the new image's digest: a valid zlib stream, of other bytes.
  writeFileSync(streamPath(sha256(changed.data), cache), readFileSync(streamPath(sha256(before.data), cache)));
  const second = await flashOnBoard([changed], cache);
  assert.equal(second.regions[0]!.compressor, 'zlib-9');
  assert.equal(existsSync(streamPath(sha256(changed.data), cache)), false, 'the foreign stream was removed');
  const third = await flashOnBoard([before], cache);
  assert.equal(third.regions[0]!.compressor, CACHED_COMPRESSOR, 'the original image still finds its own');
});

test('with the cache turned off nothing is looked up', async () => {
  const cache = freshCache();
  const region = appRegion(16, 60_000);
  await precompressRegions([region], { cacheDir: cache });
  const board = await startBoard({ pacing: false, boot: 'download' });
  const link = await openLink(board.ports.socket);
  try {
    const report = await flashRegions(link, [region], { board: profile, before: 'no-reset', after: 'no-reset', deflateCache: false });
    assert.equal(report.regions[0]!.compressor, 'zlib-9');
  } finally {
    await link.close();
    await board.close();
  }
});
