// esptool-js itself (not our flasher) drives the virtual board over a Link: connect, detect the chip, read the
// MAC, load its stub, write 1 MB compressed and uncompressed with its MD5 check; the flash file must then hold
// exactly those bytes. Once over socket:// (board started in download mode), once over rfc2217:// with the
// DTR/RTS reset sequence and a baud change to 921600.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ESPLoader, Transport } from 'esptool-js';
import { startBoard } from '../../sim/index.ts';
import { openLink } from '../../host/link/index.ts';
import { LinkSerialPort } from './link-serial-port.ts';

const MB = 1 << 20;
type SerialPortLike = ConstructorParameters<typeof Transport>[0];

function terminal(lines: string[]): { clean(): void; writeLine(s: string): void; write(s: string): void } {
  return { clean: () => {}, writeLine: (s) => lines.push(s), write: (s) => lines.push(s) };
}

const md5 = (image: Uint8Array | string): string =>
  createHash('md5').update(typeof image === 'string' ? Buffer.from(image, 'latin1') : image).digest('hex');

/** Half random, half repetitive: both inflate paths get work and the data is not trivial. */
function testImage(size: number): Uint8Array {
  const data = Buffer.alloc(size);
  randomBytes(size / 2).copy(data, 0);
  for (let i = size / 2; i < size; i++) data[i] = (i * 31) & 0xff;
  return new Uint8Array(data);
}

// esptool-js writes trace lines with console.log on every port reopen; keep the test output readable.
const quietConsole = <T>(fn: () => Promise<T>): Promise<T> => {
  const log = console.log;
  console.log = () => {};
  return fn().finally(() => { console.log = log; });
};

async function flashWith(loader: ESPLoader, image: Uint8Array, address: number, compress: boolean): Promise<void> {
  await loader.writeFlash({
    fileArray: [{ data: image, address }],
    flashMode: 'keep',
    flashFreq: 'keep',
    flashSize: 'keep',
    eraseAll: false,
    compress,
    calculateMD5Hash: md5,
  });
}

test('esptool-js over socket:// detects an ESP32, reads the MAC, loads its stub and writes 1 MB both ways', async () => {
  const board = await startBoard({ pacing: false, boot: 'download' });
  const link = await openLink(board.ports.socket);
  try {
    const lines: string[] = [];
    const loader = new ESPLoader({ transport: new Transport(new LinkSerialPort(link) as unknown as SerialPortLike), baudrate: 115200, terminal: terminal(lines) });
    const chip = await quietConsole(() => loader.main('no_reset'));
    assert.equal(chip, 'ESP32-D0WDQ6-V3 (revision 3)');
    assert.ok(lines.includes(`MAC: ${board.macAddress}`), `MAC line missing in: ${lines.join(' | ')}`);
    assert.ok(lines.some((l) => l.startsWith('Crystal is 40MHz')));
    assert.ok(lines.some((l) => l.startsWith('Features: Wi-Fi, BT, Dual Core, 240MHz')), lines.join(' | '));
    assert.ok(lines.includes('Flash ID: 1640ef'));
    assert.equal(loader.IS_STUB, true);
    assert.equal(board.running, 'stub');

    const compressed = testImage(MB);
    await quietConsole(() => flashWith(loader, compressed, 0x10000, true));
    assert.ok(lines.includes('Hash of data verified.'));
    assert.ok(board.flash.read(0x10000, MB).equals(compressed));

    const plain = testImage(MB);
    await quietConsole(() => flashWith(loader, plain, 0x200000, false));
    const onDisk = readFileSync(board.flashFile);
    assert.ok(onDisk.subarray(0x200000, 0x200000 + MB).equals(plain), 'the flash file holds the uncompressed image');
    assert.ok(onDisk.subarray(0x10000, 0x10000 + MB).equals(compressed), 'the flash file still holds the compressed one');
    assert.equal(lines.filter((l) => l === 'Hash of data verified.').length, 2);
  } finally {
    await link.close();
    await board.close();
  }
});

test('esptool-js over rfc2217:// resets the board into download mode with DTR/RTS, runs at 921600 and writes 1 MB both ways', async () => {
  const board = await startBoard({ pacing: false }); // boots from flash: esptool-js must reset it itself
  const link = await openLink(board.ports.rfc2217);
  try {
    const lines: string[] = [];
    const loader = new ESPLoader({ transport: new Transport(new LinkSerialPort(link) as unknown as SerialPortLike), baudrate: 921600, terminal: terminal(lines) });
    const booted = board.waitForEvent((e) => e.type === 'boot' && e.mode === 'download', 20_000);
    const chip = await quietConsole(() => loader.main('default_reset'));
    await booted;
    assert.equal(chip, 'ESP32-D0WDQ6-V3 (revision 3)');
    assert.ok(lines.includes(`MAC: ${board.macAddress}`));
    assert.equal(link.baud, 921600);
    assert.ok(Math.abs(board.chipBaud - 921600) / 921600 < 0.001, `chip baud ${board.chipBaud}`);

    const image = testImage(MB);
    await quietConsole(() => flashWith(loader, image, 0x100000, true));
    const plain = testImage(MB);
    await quietConsole(() => flashWith(loader, plain, 0x280000, false));
    assert.equal(lines.filter((l) => l === 'Hash of data verified.').length, 2);
    const onDisk = readFileSync(board.flashFile);
    assert.ok(onDisk.subarray(0x100000, 0x100000 + MB).equals(image));
    assert.ok(onDisk.subarray(0x280000, 0x280000 + MB).equals(plain));

    // A plain EN pulse (RTS) with GPIO0 high boots from flash (no valid images here). esptool-js 0.7.0's own
    // "hard_reset" only lowers RTS, so the pulse is made on the link.
    const flashBoot = board.waitForEvent((e) => e.type === 'boot' && e.mode === 'flash', 10_000);
    await link.setSignals({ dtr: false, rts: true });
    await link.setSignals({ dtr: false, rts: false });
    await flashBoot;
    await board.waitForOutput('invalid header: 0x');
  } finally {
    await link.close();
    await board.close();
  }
});
