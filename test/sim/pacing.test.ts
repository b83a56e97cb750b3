// Bytes move at the baud (10 bits each) against a clock, and a receiver at another baud does not get them intact.
// No upper time limits here: only bounds a slow machine cannot break (bytes can never arrive early).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';
import { PacedLine, byteTimeMs } from '../../sim/uart/paced-line.ts';
import { baudsMatch, receiveAtBaud } from '../../sim/uart/baud-mismatch.ts';
import { UartClock } from '../../sim/uart/uart-clock.ts';
import { startBoard } from '../../sim/index.ts';
import { openLink } from '../../host/link/index.ts';
import { LoaderClient, SYNC_DATA, request } from './loader-client.ts';

test('a paced line never delivers a byte before its 10 bits have had time to arrive, and delivers all in order', async () => {
  const baud = 115200;
  const data = randomBytes(3000);
  const received: Buffer[] = [];
  let count = 0;
  const t0 = performance.now();
  let early = 0;
  const done = new Promise<void>((resolve) => {
    const line = new PacedLine({
      paced: true,
      deliver: (chunk, b) => {
        assert.equal(b, baud);
        count += chunk.length;
        received.push(chunk);
        // Byte k (1-based) completes at t0 + k x 10 / baud: never before.
        const allowed = Math.floor(((performance.now() - t0) * baud) / 10_000) + 1;
        if (count > allowed) early++;
        if (count === data.length) resolve();
      },
    });
    line.send(data.subarray(0, 1000), baud);
    line.send(data.subarray(1000), baud); // queued behind the first burst, not in parallel with it
  });
  await done;
  const elapsed = performance.now() - t0;
  assert.equal(early, 0, 'no byte arrived ahead of the line rate');
  assert.ok(Buffer.concat(received).equals(data));
  assert.ok(elapsed >= data.length * byteTimeMs(baud) - 1, `3000 bytes at 115200 take at least 260 ms, took ${elapsed.toFixed(1)}`);
  assert.ok(received.length < data.length / 4, `delivered in batches by a clock, not one timer per byte (${received.length} deliveries)`);
});

test('purge drops what is queued; an unpaced line delivers on the next turn of the event loop', async () => {
  const got: number[] = [];
  const line = new PacedLine({ paced: true, deliver: (chunk) => got.push(...chunk) });
  line.send(Buffer.alloc(5000, 1), 9600);
  assert.equal(line.pending, 5000);
  line.purge();
  assert.equal(line.pending, 0);
  await line.whenIdle();
  const fast = new PacedLine({ paced: false, deliver: (chunk) => got.push(...chunk) });
  fast.send(Buffer.from([1, 2, 3]), 115200);
  assert.deepEqual(got, []);
  await fast.whenIdle();
  assert.deepEqual(got, [1, 2, 3]);
});

test('a UART receiver at another baud does not get the bytes intact; close bauds do', () => {
  const data = Buffer.from('waiting for download\r\n', 'latin1');
  assert.ok(receiveAtBaud(data, 115200, 115200).equals(data));
  assert.ok(baudsMatch(921534, 921600), 'a divider rounding error of 0.007% is no mismatch');
  assert.ok(receiveAtBaud(data, 115200, 116400).equals(data), '1% off still samples every bit inside the bit');
  for (const other of [57600, 230400, 74880, 9600]) {
    const got = receiveAtBaud(data, 115200, other);
    assert.ok(!got.equals(data), `115200 read at ${other} is garbled`);
  }
  assert.ok(receiveAtBaud(data, 115200, 230400).length > data.length, 'a faster receiver sees more bytes than were sent');
  assert.ok(receiveAtBaud(data, 115200, 57600).length < data.length, 'a slower one fewer');
});

test('the UART baud is the clock divided by UART_CLKDIV_REG, as esptool-js reads it', () => {
  const clock = new UartClock();
  assert.equal(clock.register & 0xfffff, 347, '40 MHz / 115200');
  const xtalMHz = (115200 * (clock.register & 0xfffff)) / 1e6;
  assert.ok(Math.abs(xtalMHz - 40) < 1, 'esptool-js detects a 40 MHz crystal from it');
  clock.setClock(80_000_000, true);
  assert.ok(Math.abs(clock.baud - 115200) < 50, 'a stub that raises the APB clock reprograms the divider');
  clock.setClock(40_000_000, false);
  assert.ok(Math.abs(clock.baud - 57600) < 50, 'changing the clock without the divider halves the baud');
  clock.register = 0x000056;
  assert.ok(Math.abs(clock.baud - 40_000_000 / 0x56) < 1);
});

test('a paced board answers SYNC no sooner than the bytes can cross the wire both ways', async () => {
  const board = await startBoard({ boot: 'download' }); // paced
  const link = await openLink(board.ports.socket);
  try {
    await board.waitForOutput('waiting for download');
    await new Promise((r) => setTimeout(r, 20));
    const c = new LoaderClient(link);
    await c.drain(30);
    const t0 = performance.now();
    await c.send(request(0x08, SYNC_DATA));
    for (let i = 0; i < 8; i++) await c.reply();
    const elapsed = performance.now() - t0;
    // 46 bytes out (SYNC, framed), 8 x 14 bytes back.
    const floor = (46 + 8 * 14) * byteTimeMs(115200);
    assert.ok(elapsed >= floor, `took ${elapsed.toFixed(2)} ms, the wire needs ${floor.toFixed(2)} ms`);
  } finally {
    await link.close();
    await board.close();
  }
});

test('over rfc2217 a host at the wrong baud gets garbage from the ROM; at the right baud, the boot lines', async () => {
  const board = await startBoard({ pacing: false });
  const link = await openLink(board.ports.rfc2217, { baud: 57600 });
  try {
    let text = '';
    link.on('data', (d: Buffer) => { text += d.toString('latin1'); });
    const resetInto = async (): Promise<void> => {
      const booted = board.waitForEvent((e) => e.type === 'boot' && e.mode === 'download');
      await link.setSignals({ dtr: false, rts: true });
      await link.setSignals({ dtr: true, rts: false });
      await booted;
      await link.setSignals({ dtr: false, rts: false });
    };
    // the ROM's bytes reach the host some time after the boot, later still on a loaded machine
    const until = async (done: () => boolean, what: string): Promise<void> => {
      const deadline = Date.now() + 10_000;
      while (!done()) {
        if (Date.now() > deadline) assert.fail(`${what}; got ${JSON.stringify(text)}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    };
    await resetInto();
    await until(() => text.length > 0, 'no bytes arrived');
    assert.ok(!text.includes('waiting for download'), 'but not intact at 57600');
    text = '';
    await link.setBaud(115200);
    await resetInto();
    await until(() => text.includes('rst:0x1 (POWERON_RESET),boot:0x3 (DOWNLOAD_BOOT(UART0/UART1/SDIO_REI_REO_V2))\r\nwaiting for download\r\n'), 'no boot lines');
  } finally {
    await link.close();
    await board.close();
  }
});
