// How much each compressed block inflates to: the per-block erase/write timeouts depend on it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deflateSync } from 'node:zlib';
import { inflatedBlockSizes } from '../../flasher/write.ts';
import { codeLikeBytes } from '../../flasher/images/synthetic.ts';

test('block by block, the inflated sizes add up to the image and follow its contents', async () => {
  // Half code-like bytes, then 1 MB of 0xFF: the late blocks stand for far more flash than the early ones.
  const image = Buffer.concat([codeLikeBytes(400_000, 5), Buffer.alloc(1 << 20, 0xff)]);
  const compressed = deflateSync(image, { level: 9 });
  const sizes = await inflatedBlockSizes(compressed, 0x4000);
  assert.equal(sizes.length, Math.ceil(compressed.length / 0x4000));
  assert.equal(sizes.reduce((a, b) => a + b, 0), image.length);
  assert.ok(sizes[0]! < 0x4000 * 2, `an early block is about its own size (${sizes[0]})`);
  assert.ok(sizes.at(-1)! > 0x4000 * 4, `the last block carries much more (${sizes.at(-1)})`);
});
