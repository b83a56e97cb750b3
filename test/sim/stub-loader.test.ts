// The flasher stub as the board runs it after MEM_END jumps into uploaded code: greeting, 2 status bytes,
// stub-only commands, READ_FLASH's acknowledged flow, and its error codes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { startBoard, type VirtualBoard } from '../../sim/index.ts';
import { openLink } from '../../host/link/index.ts';
import { LoaderClient, SYNC_DATA, dataPayload, request, u32, xorChecksum } from './loader-client.ts';

/** Upload a few bytes to IRAM and jump into them, as esptool does with its stub. */
async function startStub(c: LoaderClient): Promise<void> {
  const code = randomBytes(512);
  await c.command(0x05, u32(code.length, 1, 0x1800, 0x40090000));
  await c.command(0x07, dataPayload(code, 0), xorChecksum(code));
  const end = await c.command(0x06, u32(0, 0x40090010));
  assert.equal(end.data.length, 4, 'MEM_END answered by the ROM (4 status bytes)');
  assert.deepEqual([...end.data.subarray(0, 2)], [0, 0]);
  assert.equal((await c.packet()).toString('latin1'), 'OHAI');
}

async function withStub(fn: (c: LoaderClient, board: VirtualBoard) => Promise<void>): Promise<void> {
  const board = await startBoard({ pacing: false, boot: 'download' });
  const link = await openLink(board.ports.socket);
  try {
    const client = new LoaderClient(link);
    await startStub(client);
    assert.equal(board.running, 'stub');
    await fn(client, board);
  } finally {
    await link.close();
    await board.close();
  }
}

test('the stub greets with OHAI, answers with 2 status bytes and SYNC with value 0, 8 times', async () => {
  await withStub(async (c) => {
    const magic = await c.command(0x0a, u32(0x40001000));
    assert.equal(magic.value, 0x00f01d83);
    assert.deepEqual([...magic.data], [0, 0]);
    await c.send(request(0x08, SYNC_DATA));
    for (let i = 0; i < 8; i++) assert.equal((await c.reply()).value, 0);
    const unknown = await c.command(0x42);
    assert.deepEqual([unknown.op, ...unknown.data], [0x42, 0xff, 0], 'not implemented');
  });
});

test('a jump to where nothing was uploaded hangs the chip', async () => {
  const board = await startBoard({ pacing: false, boot: 'download' });
  const link = await openLink(board.ports.socket);
  try {
    const c = new LoaderClient(link);
    const hung = board.waitForEvent((e) => e.type === 'hang');
    await c.command(0x06, u32(0, 0x40080000));
    await hung;
    assert.equal(board.state, 'hung');
  } finally {
    await link.close();
    await board.close();
  }
});

test('stub writes: 16 KB blocks, errors reported on the next command, region erase alignment', async () => {
  await withStub(async (c, board) => {
    const tooBig = await c.command(0x02, u32(0x8000, 1, 0x8000, 0));
    assert.deepEqual([...tooBig.data], [0xc2, 0], 'a block size over 16 KB');
    const notInFlashMode = await c.command(0x03, dataPayload(Buffer.alloc(16), 0), xorChecksum(Buffer.alloc(16)));
    assert.deepEqual([...notInFlashMode.data], [0xc6, 0]);

    const image = randomBytes(20000);
    const packed = deflateSync(image);
    const blocks = [packed.subarray(0, 0x4000), packed.subarray(0x4000)];
    assert.deepEqual([...(await c.command(0x10, u32(image.length, 2, 0x4000, 0x30000))).data], [0, 0]);
    const badSum = await c.command(0x11, dataPayload(blocks[0]!, 0), xorChecksum(blocks[0]!) ^ 1);
    assert.deepEqual([...badSum.data], [0xc1, 0], 'bad checksum');
    const oversized = Buffer.alloc(0x4000 + 17);
    assert.deepEqual([...(await c.command(0x11, oversized)).data], [0xc0, 0xee], 'more than a block');
    for (const [seq, block] of blocks.entries()) {
      assert.deepEqual([...(await c.command(0x11, dataPayload(block, seq), xorChecksum(block))).data], [0, 0]);
    }
    assert.deepEqual([...(await c.command(0x12, u32(1))).data], [0, 0]);
    assert.ok(board.flash.read(0x30000, image.length).equals(image));
    const md5 = await c.command(0x13, u32(0x30000, image.length, 0, 0));
    assert.deepEqual(md5.data.subarray(0, 16), createHash('md5').update(image).digest(), '16 raw MD5 bytes');
    assert.equal(md5.data.length, 18);

    // Past the end of the 4 MB chip: accepted at BEGIN, the failure comes with the END.
    assert.deepEqual([...(await c.command(0x02, u32(0x2000, 1, 0x2000, 0x3ff000))).data], [0, 0]);
    const block = Buffer.alloc(0x2000, 0x11);
    assert.deepEqual([...(await c.command(0x03, dataPayload(block, 0), xorChecksum(block))).data], [0, 0], 'acknowledged before writing');
    assert.deepEqual([...(await c.command(0x04, u32(1))).data], [0xc4, 0], 'the failed SPI write');

    assert.deepEqual([...(await c.command(0xd1, u32(0x1001, 0x1000))).data], [0xc0, 0], 'misaligned region');
    board.flash.write(0x50000, Buffer.alloc(0x2000, 0));
    assert.deepEqual([...(await c.command(0xd1, u32(0x50000, 0x1000))).data], [0, 0]);
    assert.ok(board.flash.read(0x50000, 0x1000).every((b) => b === 0xff));
    assert.ok(board.flash.read(0x51000, 0x1000).every((b) => b === 0));
  });
});

test('READ_FLASH sends packets as the host acknowledges them, then the MD5', async () => {
  await withStub(async (c, board) => {
    const data = randomBytes(10000);
    board.flash.write(0x60000, data);
    const r = await c.command(0xd2, u32(0x60000, data.length, 4096, 1));
    assert.deepEqual([...r.data], [0, 0]);
    const got: Buffer[] = [];
    let total = 0;
    while (total < data.length) {
      const p = await c.packet();
      got.push(p);
      total += p.length;
      assert.equal(c.waiting, 0, 'one packet in flight at a time with max_in_flight 1');
      await c.send(u32(total));
    }
    assert.deepEqual(got.map((p) => p.length), [4096, 4096, 1808]);
    assert.ok(Buffer.concat(got).equals(data));
    assert.deepEqual(await c.packet(), createHash('md5').update(data).digest());
  });
});

test('RUN_USER_CODE leaves the stub and boots from flash without a reset banner', async () => {
  await withStub(async (c, board) => {
    board.clearOutput();
    const booted = board.waitForEvent((e) => e.type === 'boot' && e.mode === 'flash');
    await c.send(request(0xd3));
    await booted;
    await board.waitForOutput('invalid header: 0xffffffff');
    assert.ok(!board.outputText().includes('rst:'), 'no reset happened');
  });
});
