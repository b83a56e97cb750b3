// The ROM loader's answers, byte for byte where the facts say how the real ROM answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { startBoard, type VirtualBoard } from '../../sim/index.ts';
import { openLink, type Link } from '../../host/link/index.ts';
import { LoaderClient, SYNC_DATA, dataPayload, u32, xorChecksum } from './loader-client.ts';
import { EFUSE_CK8M_WORD, RTC_CALI_REG, romBaudArgument, romCrystalHz } from '../../core/esp32/rom-clock.ts';

async function withRom(fn: (c: LoaderClient, board: VirtualBoard, link: Link) => Promise<void>): Promise<void> {
  const board = await startBoard({ pacing: false, boot: 'download' });
  const link = await openLink(board.ports.socket);
  try {
    const client = new LoaderClient(link);
    await fn(client, board, link);
  } finally {
    await link.close();
    await board.close();
  }
}

test('SYNC gets 8 replies, each with 4 status bytes', async () => {
  await withRom(async (c) => {
    await c.send(Buffer.concat([Buffer.from([0, 0x08, 36, 0, 0, 0, 0, 0]), SYNC_DATA]));
    for (let i = 0; i < 8; i++) {
      const r = await c.reply();
      assert.equal(r.op, 0x08);
      assert.notEqual(r.value, 0, 'the ROM answers SYNC with a non-zero value (the stub with 0)');
      assert.equal(r.data.length, 4);
      assert.deepEqual([...r.data.subarray(0, 2)], [0, 0]);
    }
    await c.drain(150);
  });
});

test('an unknown command gets 1/0x05 with the previous reply\'s command and value', async () => {
  await withRom(async (c) => {
    const magic = await c.command(0x0a, u32(0x40001000));
    assert.equal(magic.value, 0x00f01d83);
    for (const op of [0x14, 0xd0, 0xd2, 0x42]) {
      const r = await c.command(op);
      assert.equal(r.op, 0x0a, `op 0x${op.toString(16)}: carries READ_REG's code`);
      assert.equal(r.value, 0x00f01d83, 'and its value');
      assert.deepEqual([...r.data.subarray(0, 2)], [1, 0x05]);
      assert.equal(r.data.length, 4);
    }
  });
});

test('bad checksums, bad lengths and writes past the end get the ROM error statuses', async () => {
  await withRom(async (c) => {
    const block = randomBytes(1024);
    assert.deepEqual([...(await c.command(0x05, u32(1024, 1, 1024, 0x3ffb0000))).data.subarray(0, 2)], [0, 0]);
    const bad = await c.command(0x07, dataPayload(block, 0), xorChecksum(block) ^ 0x5a);
    assert.deepEqual([bad.op, ...bad.data.subarray(0, 2)], [0x07, 1, 0x07], 'MEM_DATA with a bad checksum');
    const short = await c.command(0x0a, Buffer.from([0, 0x10]));
    assert.deepEqual([...short.data.subarray(0, 2)], [1, 0x05], 'READ_REG with 2 bytes');
    const size = await c.command(0x03, Buffer.concat([u32(2000, 0, 0, 0), block]), xorChecksum(block));
    assert.deepEqual([...size.data.subarray(0, 2)], [1, 0x05], 'FLASH_DATA whose size word disagrees with the payload');
    const past = await c.command(0x02, u32(0x2000, 2, 0x1000, 0x3ff000));
    assert.deepEqual([...past.data.subarray(0, 2)], [1, 0x06], 'FLASH_BEGIN running past 4 MB');
    const long = await c.command(0x0e, u32(0, 65));
    assert.deepEqual([...long.data.subarray(0, 2)], [1, 0x0a], 'READ_FLASH_SLOW of more than 64 bytes');
  });
});

test('plain ROM writes are exact, MD5 is 32 hex characters, READ_FLASH_SLOW returns 64 bytes', async () => {
  await withRom(async (c, board) => {
    board.flash.write(0x20000, Buffer.alloc(8192, 0x00)); // old data the write must replace
    const image = randomBytes(3000);
    assert.deepEqual([...(await c.command(0x02, u32(image.length, 3, 1024, 0x20000))).data.subarray(0, 2)], [0, 0]);
    for (let seq = 0; seq < 3; seq++) {
      const block = Buffer.alloc(1024, 0xff);
      image.copy(block, 0, seq * 1024, seq * 1024 + 1024);
      const r = await c.command(0x03, dataPayload(block, seq), xorChecksum(block));
      assert.deepEqual([...r.data.subarray(0, 2)], [0, 0]);
    }
    assert.ok(board.flash.read(0x20000, image.length).equals(image));
    assert.ok(board.flash.read(0x20000 + image.length, 4096 - (image.length % 4096)).every((b) => b === 0xff), 'the rest of the erased sector stays erased');
    const md5 = await c.command(0x13, u32(0x20000, image.length, 0, 0));
    assert.equal(md5.data.subarray(0, 32).toString('latin1'), createHash('md5').update(image).digest('hex'));
    assert.equal(md5.data.length, 36);
    const first = await c.command(0x0e, u32(0x20000, 64));
    assert.equal(first.data.length, 68);
    const second = await c.command(0x0e, u32(0x20000 + 100, 16));
    assert.ok(second.data.subarray(0, 16).equals(image.subarray(100, 116)));
    assert.ok(second.data.subarray(16, 64).equals(image.subarray(16, 64)), 'past the asked length: stale bytes of the earlier read');
  });
});

test('a compressed ROM write leaves the stale tail of its 32 KB buffer up to the next 32 KB boundary', async () => {
  await withRom(async (c, board) => {
    const write = async (image: Buffer, offset: number): Promise<void> => {
      const packed = deflateSync(image);
      const blocks = Math.ceil(packed.length / 1024);
      const begin = await c.command(0x10, u32(Math.ceil(image.length / 1024) * 1024, blocks, 1024, offset));
      assert.deepEqual([...begin.data.subarray(0, 2)], [0, 0]);
      for (let seq = 0; seq < blocks; seq++) {
        const block = packed.subarray(seq * 1024, seq * 1024 + 1024);
        const r = await c.command(0x11, dataPayload(block, seq), xorChecksum(block));
        assert.deepEqual([...r.data.subarray(0, 2)], [0, 0], `block ${seq}`);
      }
    };
    const first = randomBytes(40 * 1024); // fills the buffer once, then 8 KB of a second window
    await write(first, 0x40000);
    assert.ok(board.flash.read(0x40000, first.length).equals(first));
    const second = randomBytes(10 * 1024);
    await write(second, 0x80000);
    assert.ok(board.flash.read(0x80000, second.length).equals(second), 'the image itself is exact');
    // The buffer still holds the first write's bytes: its second window overwrote only the first 8 KB of it, so
    // past the new 10 KB image the flash gets first[10K..32K) up to the 32 KB boundary.
    const tail = board.flash.read(0x80000 + second.length, 32 * 1024 - second.length);
    assert.ok(tail.equals(first.subarray(second.length, 32 * 1024)), 'stale bytes from the ROM buffer');
    assert.ok(board.flash.read(0x88000, 4096).every((b) => b === 0xff), 'nothing past the 32 KB boundary');
    const bad = await c.command(0x10, u32(1024, 1, 1024, 0xa0000));
    assert.deepEqual([...bad.data.subarray(0, 2)], [0, 0]);
    const junk = Buffer.from('this is not a deflate stream');
    const r = await c.command(0x11, dataPayload(junk, 0), xorChecksum(junk));
    assert.deepEqual([...r.data.subarray(0, 2)], [1, 0x0b], 'a broken deflate stream');
  });
});

test('CHANGE_BAUDRATE: the ROM answers at the old baud, then the host must follow to be understood', async () => {
  const board = await startBoard({ pacing: false, boot: 'download' });
  const link = await openLink(board.ports.rfc2217);
  try {
    const c = new LoaderClient(link);
    await c.drain(50);
    // esptool's correction: the ROM divides the crystal frequency it measured, read back from two registers.
    const cali = (await c.command(0x0a, u32(RTC_CALI_REG))).value;
    const ck8m = (await c.command(0x0a, u32(0x3ff5a000 + 4 * EFUSE_CK8M_WORD))).value;
    const romHz = romCrystalHz(cali, ck8m);
    assert.ok(romHz > 33e6 && Math.abs(romHz / 40e6 - 1) < 0.05, `the ROM measures its 40 MHz crystal as ${romHz} Hz`);
    const changed = board.waitForEvent((e) => e.type === 'chip-baud');
    const r = await c.command(0x0f, u32(romBaudArgument(230400, romHz)!, 0));
    assert.deepEqual([r.op, ...r.data.subarray(0, 2)], [0x0f, 0, 0]);
    await changed;
    assert.ok(Math.abs(board.chipBaud - 230400) / 230400 < 0.001, `asked for corrected, got ${board.chipBaud}`);
    await c.send(Buffer.concat([Buffer.from([0, 0x08, 36, 0, 0, 0, 0, 0]), SYNC_DATA]));
    await new Promise((res) => setTimeout(res, 200));
    assert.equal(c.waiting, 0, 'a SYNC at 115200 means nothing to a chip at 230400');
    await link.setBaud(230400);
    await c.drain(50);
    await c.send(Buffer.concat([Buffer.from([0, 0x08, 36, 0, 0, 0, 0, 0]), SYNC_DATA]));
    // The garbled bytes may have left half a packet in the ROM's buffer: like esptool, read until SYNC answers.
    let reply = await c.reply();
    for (let i = 0; i < 3 && reply.op !== 0x08; i++) reply = await c.reply();
    assert.equal(reply.op, 0x08);
  } finally {
    await link.close();
    await board.close();
  }
});

test('CHANGE_BAUDRATE without the crystal correction: the ROM sets the baud for the crystal it measured, 1% off here', async () => {
  const board = await startBoard({ pacing: false, boot: 'download' });
  const link = await openLink(board.ports.rfc2217);
  try {
    const c = new LoaderClient(link);
    await c.drain(50);
    const changed = board.waitForEvent((e) => e.type === 'chip-baud');
    await c.command(0x0f, u32(921600, 0));
    await changed;
    const off = board.chipBaud / 921600 - 1;
    assert.ok(off < -0.005 && off > -0.02, `921600 asked, ${Math.round(board.chipBaud)} set`);
  } finally {
    await link.close();
    await board.close();
  }
});
