// Named loader packets lost whole (LineFaults.losePackets): the packets a test names go missing and nothing
// else does, however the line cuts the bytes, on each host's wire apart, and whatever traffic came before.
// A host USB-UART that cannot run above a baud (LineFaults.maxBaud) garbles both ways while the chip is faster.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FaultInjector, type LineWay } from '../../sim/seam/faults.ts';
import { slipEncode } from '../../core/protocol/slip.ts';
import { startBoard } from '../../sim/index.ts';
import { openLink } from '../../host/link/index.ts';
import { LoaderClient, SYNC_DATA, request, u32 } from './loader-client.ts';
import { ChipUart, type HostPort, type HostSink } from '../../sim/uart/chip-uart.ts';
import { UartClock } from '../../sim/uart/uart-clock.ts';

const FLASH_DEFL_DATA = 0x11;
const READ_REG = 0x0a;
const SYNC = 0x08;

/** A reply packet on the wire; `first` and `tag` let a test put bytes that need escaping where it wants them. */
function reply(op: number, tag: number, first = 0x01): Buffer {
  return slipEncode(Buffer.from([first, op, 0x02, 0x00, tag, 0, 0, 0, 0x00, 0x00]));
}

/** The bytes out of `injector` when `data` arrives `size` bytes at a time. */
function through(injector: FaultInjector, data: Buffer, size: number, way: LineWay = 'from-board', wire: object = injector): Buffer {
  const out: Buffer[] = [];
  for (let i = 0; i < data.length; i += size) out.push(injector.apply(data.subarray(i, i + size), way, wire));
  return Buffer.concat(out);
}

test('the named packets are lost whole, however the line cuts the bytes; the rest passes untouched', () => {
  const boot = Buffer.from('waiting for download\r\n');
  // The lost packet carries an escaped END in its body, and one that passes starts with an escaped ESC.
  const kept = [reply(FLASH_DEFL_DATA, 1), reply(READ_REG, 2), reply(FLASH_DEFL_DATA, 4, 0xdb)];
  const lost = reply(FLASH_DEFL_DATA, 0xc0);
  const line = Buffer.concat([boot, kept[0]!, kept[1]!, lost, kept[2]!, Buffer.from('>')]);
  for (const size of [1, 2, 3, 5, line.length]) {
    const injector = new FaultInjector();
    injector.set({ losePackets: { op: FLASH_DEFL_DATA, nth: [2] }, direction: 'from-board' });
    const out = through(injector, line, size);
    assert.deepEqual(out, Buffer.concat([boot, kept[0]!, kept[1]!, kept[2]!, Buffer.from('>')]), `in chunks of ${size}`);
    assert.equal(injector.lostPackets, 1);
    assert.equal(injector.dropped, lost.length);
  }
});

test('each wire and each way counts its own packets; a direction leaves the other way alone', () => {
  const injector = new FaultInjector();
  injector.set({ losePackets: { op: FLASH_DEFL_DATA, nth: [1] }, direction: 'both' });
  const a = {};
  const b = {};
  const packet = reply(FLASH_DEFL_DATA, 1);
  assert.equal(through(injector, packet, 4, 'from-board', a).length, 0, 'wire a loses its first');
  assert.equal(through(injector, packet, 4, 'from-board', b).length, 0, 'wire b loses its own first');
  assert.equal(through(injector, packet, 4, 'to-board', a).length, 0, 'the other way counts apart');
  assert.deepEqual(through(injector, packet, 4, 'from-board', a), packet, 'the second on wire a passes');
  assert.equal(injector.lostPackets, 3);

  injector.set({ losePackets: { op: FLASH_DEFL_DATA, nth: [1] }, direction: 'from-board' });
  assert.deepEqual(through(injector, packet, 4, 'to-board', a), packet);
  assert.equal(through(injector, packet, 4, 'from-board', a).length, 0, 'new faults count from 1 again');
});

test('bytes held while a packet is undecided go on when the faults change', () => {
  const packet = reply(FLASH_DEFL_DATA, 1);
  const injector = new FaultInjector();
  const wire = {};
  injector.set({ losePackets: { op: FLASH_DEFL_DATA, nth: [2] } });
  assert.equal(injector.apply(packet.subarray(0, 2), 'from-board', wire).length, 0, 'END and the first byte wait for the command');
  injector.clear();
  assert.deepEqual(injector.apply(packet.subarray(2), 'from-board', wire), packet, 'cleared: the whole packet passes');

  injector.set({ losePackets: { op: FLASH_DEFL_DATA, nth: [2] } });
  assert.equal(injector.apply(packet.subarray(0, 2), 'from-board', wire).length, 0);
  injector.set({ losePackets: { op: FLASH_DEFL_DATA, nth: [1] } });
  assert.equal(injector.apply(packet.subarray(2), 'from-board', wire).length, 0, 'the new faults lose it whole');
  assert.equal(injector.lostPackets, 1);
});

test('losePackets is checked when set', () => {
  const injector = new FaultInjector();
  assert.throws(() => injector.set({ losePackets: { op: 0x100, nth: [1] } }), /losePackets.op must be a command byte/);
  assert.throws(() => injector.set({ losePackets: { op: SYNC, nth: [0] } }), /losePackets.nth must list packet numbers from 1/);
});

test('on a paced line to the ROM: the 2nd and 5th SYNC replies go missing, the other six and the next reply come', async () => {
  const board = await startBoard({ boot: 'download' });
  const link = await openLink(board.ports.socket);
  try {
    await board.waitForOutput('waiting for download');
    const c = new LoaderClient(link);
    board.setFaults({ losePackets: { op: SYNC, nth: [2, 5] }, direction: 'from-board' });
    await c.send(request(SYNC, SYNC_DATA));
    await c.send(request(READ_REG, u32(0x40001000)));
    // Replies come in order, so once READ_REG's is in, every SYNC reply has come or been lost.
    const ops: number[] = [];
    while (ops.at(-1) !== READ_REG) ops.push((await c.reply(20_000)).op);
    assert.deepEqual(ops, [...Array<number>(6).fill(SYNC), READ_REG]);
    // A ROM SYNC reply is END, 8 bytes of header, 4 of status, END.
    assert.deepEqual(board.faultCounts, { dropped: 2 * 14, flipped: 0, lostPackets: 2 });
  } finally {
    await link.close();
    await board.close();
  }
});

/** A ChipUart with one host of baud `hostBaud` (undefined: an endpoint without one) and what each side heard. */
function uartWithHost(hostBaud: number | undefined): { uart: ChipUart; port: HostPort; clock: UartClock; faults: FaultInjector; chipHeard: Buffer[]; hostHeard: Buffer[] } {
  const clock = new UartClock();
  const faults = new FaultInjector();
  const chipHeard: Buffer[] = [];
  const hostHeard: Buffer[] = [];
  const uart = new ChipUart({ paced: false, clock, faults, onReceive: (d) => chipHeard.push(d) });
  const sink: HostSink = { endpoint: hostBaud === undefined ? 'socket' : 'rfc2217', remote: 'test', hostBaud: () => hostBaud, write: (d) => hostHeard.push(d), disconnect: () => {} };
  return { uart, port: uart.attach(sink), clock, faults, chipHeard, hostHeard };
}

/** Both ways once: the host sends `data`, the chip sends `data`; resolves with what each side got. */
async function exchange(u: ReturnType<typeof uartWithHost>, data: Buffer): Promise<{ chip: Buffer; host: Buffer }> {
  u.chipHeard.length = 0;
  u.hostHeard.length = 0;
  u.port.receive(data);
  u.uart.transmit(data);
  await u.uart.whenTxIdle();
  await new Promise<void>((resolve) => setImmediate(resolve));
  return { chip: Buffer.concat(u.chipHeard), host: Buffer.concat(u.hostHeard) };
}

test('maxBaud: a host USB-UART slower than the chip garbles both ways, up to its limit everything passes', async () => {
  const data = request(READ_REG, u32(0x3ff5a004));
  for (const hostBaud of [921600, undefined]) {
    const u = uartWithHost(hostBaud);
    try {
      u.clock.setBaud(921600);
      assert.deepEqual(await exchange(u, data), { chip: data, host: data }, 'no limit: a matched line');
      u.faults.set({ maxBaud: 460800, direction: 'to-board' });
      const garbled = await exchange(u, data);
      assert.notDeepEqual(garbled.chip, data, `the chip hears garbage (host baud ${hostBaud})`);
      assert.notDeepEqual(garbled.host, data, `the host hears garbage, whatever the direction says (host baud ${hostBaud})`);
      u.faults.set({ maxBaud: 921600 });
      assert.deepEqual(await exchange(u, data), { chip: data, host: data }, 'at its limit the adapter keeps up');
      u.faults.set({ maxBaud: 460800 });
      u.faults.clear();
      assert.deepEqual(await exchange(u, data), { chip: data, host: data }, 'cleared: another adapter');
    } finally {
      u.uart.close();
    }
  }
  const rom = uartWithHost(115200);
  try {
    rom.faults.set({ maxBaud: 57600 });
    const garbled = await exchange(rom, data);
    assert.ok(!garbled.chip.equals(data) && !garbled.host.equals(data), 'below 115200 not even the ROM\'s baud works');
  } finally {
    rom.uart.close();
  }
});

test('maxBaud is checked when set', () => {
  const injector = new FaultInjector();
  assert.throws(() => injector.set({ maxBaud: 0 }), /maxBaud must be a baud from 300 up/);
  assert.throws(() => injector.set({ maxBaud: Number.POSITIVE_INFINITY }), /maxBaud must be a baud from 300 up/);
  injector.set({ maxBaud: 230400 });
  assert.equal(injector.hostUartBaud(921600), 230400);
  assert.equal(injector.hostUartBaud(115200), 115200);
  assert.equal(injector.active, false, 'the rates and packets are apart: nothing else is faulty');
});
