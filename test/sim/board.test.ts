// The board's identity and storage (MAC, device id, flash file kept across restarts), what a flash boot prints
// for each kind of missing image, starting several boards, and the clear errors for bad options.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EspkitError } from '../../core/errors.ts';
import { loadBoard } from '../../core/board.ts';
import { formatEventLine, placeholderImages, startBoard, startBoards } from '../../sim/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'espkit-board-test-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

test('a flash file keeps its MAC (stored beside it) and its contents across restarts', async () => {
  const flashFile = join(dir, 'persist.bin');
  const first = await startBoard({ flashFile, pacing: false });
  const { macAddress, deviceId } = first;
  assert.match(macAddress, /^24:0a:c4(:[0-9a-f]{2}){3}$/);
  assert.equal(deviceId, `esp32-${macAddress.split(':').slice(3).join('')}`);
  first.flash.write(0x320000, Buffer.from('kept in flash'));
  await first.close();
  assert.equal(readFileSync(flashFile).length, 4 * 1024 * 1024);
  assert.ok(existsSync(`${flashFile}.efuse.json`));

  const second = await startBoard({ flashFile, pacing: false });
  try {
    assert.equal(second.macAddress, macAddress);
    assert.equal(second.deviceId, deviceId);
    assert.equal(second.flash.read(0x320000, 13).toString(), 'kept in flash');
    assert.ok(second.flash.read(0, 0x1000).every((b) => b === 0xff), 'a new flash is erased (0xff)');
  } finally {
    await second.close();
  }
});

test('a given MAC gives the device id by the team rule', async () => {
  const board = await startBoard({ mac: '24:0a:c4:12:34:56', pacing: false });
  try {
    assert.equal(board.deviceId, 'esp32-123456');
    assert.equal(board.macAddress, '24:0a:c4:12:34:56');
  } finally {
    await board.close();
  }
});

test('bad options fail with one clear line', async () => {
  await assert.rejects(startBoard({ mac: '24:0a:c4:12:34', pacing: false }), (err: Error) => err instanceof EspkitError && /not a MAC address/.test(err.message) && !err.message.includes('\n'));
  const wrongSize = join(dir, 'small.bin');
  writeFileSync(wrongSize, Buffer.alloc(1000));
  await assert.rejects(startBoard({ flashFile: wrongSize }), /is 1000 bytes but the board has 4194304 \(4 MB\): delete it or pick another file/);
  const shared = join(dir, 'shared.bin');
  const board = await startBoard({ flashFile: shared, pacing: false });
  try {
    await assert.rejects(startBoard({ flashFile: shared }), /already used by another virtual board/);
  } finally {
    await board.close();
  }
  await assert.rejects(startBoards(0), /a board count is a whole number/);
  await assert.rejects(startBoards(2, { mac: '24:0a:c4:00:00:01' }), /cannot be given to several boards/);
});

test('a flash boot prints what the chip prints for each missing piece, and runs the application when all are there', async () => {
  const board = await startBoard({ pacing: false });
  try {
    await board.waitForOutput('invalid header: 0xffffffff\r\n');
    assert.equal(board.running, 'none');
    const [bootloader, partitions, app] = placeholderImages(loadBoard());
    board.flash.write(bootloader!.offset, bootloader!.data);
    board.clearOutput();
    board.reset();
    await board.waitForOutput('E (58) boot: Failed to verify partition table\r\n');
    assert.match(board.outputText(), /mode:DIO, clock div:2\r\nload:0x3fff0018,len:4\r\nload:0x3fff001c,len:64\r\n/);
    assert.match(board.outputText(), /entry 0x40080400\r\n/);
    board.flash.write(partitions!.offset, partitions!.data);
    board.clearOutput();
    board.reset();
    await board.waitForOutput('E (97) esp_image: image at 0x10000 has invalid magic byte (nothing flashed here?)\r\n');
    board.flash.write(app!.offset, app!.data);
    board.clearOutput();
    const started = board.waitForEvent((e) => e.type === 'application');
    board.reset();
    await started;
    assert.equal(board.running, 'application');
  } finally {
    await board.close();
  }
});

test('several boards get numbered flash files, their own MACs and ports; events format as JSON lines', async () => {
  const boards = await startBoards(2, { flashFile: join(dir, 'fleet.bin'), pacing: false });
  try {
    assert.deepEqual(boards.map((b) => b.flashFile), [join(dir, 'fleet-1.bin'), join(dir, 'fleet-2.bin')]);
    assert.notEqual(boards[0]!.macAddress, boards[1]!.macAddress);
    assert.notEqual(boards[0]!.ports.socket, boards[1]!.ports.socket);
    const event = boards[0]!.waitForEvent((e) => e.type === 'boot');
    boards[0]!.reset();
    const line = formatEventLine(await event);
    assert.ok(line.endsWith('\n'));
    const parsed = JSON.parse(line) as Record<string, unknown>;
    assert.equal(parsed.device, boards[0]!.deviceId);
    assert.equal(parsed.type, 'boot');
    assert.equal(typeof parsed.t, 'number');
  } finally {
    await Promise.all(boards.map((b) => b.close()));
  }
});
