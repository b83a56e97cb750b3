// The DevKit reset circuit (DTR/RTS -> EN/GPIO0 with EN's RC delay) and the fault controls: dropped and
// flipped bytes, unplug and replug, a WiFi drop forwarded to the running program.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AutoResetCircuit } from '../../sim/reset-circuit.ts';
import { startBoard } from '../../sim/index.ts';
import type { ProgramFault } from '../../sim/index.ts';
import { openLink } from '../../host/link/index.ts';
import { LoaderClient, SYNC_DATA, request } from './loader-client.ts';
import { waitFor } from '../bridge/wait.ts';

function recorder(delayMs = 5): { circuit: AutoResetCircuit; log: string[]; released: Promise<boolean> } {
  const log: string[] = [];
  let release: (low: boolean) => void = () => {};
  const released = new Promise<boolean>((r) => { release = r; });
  const circuit = new AutoResetCircuit({
    onHold: () => log.push('hold'),
    onRelease: (low) => { log.push(low ? 'release:download' : 'release:flash'); release(low); },
  }, delayMs);
  return { circuit, log, released };
}

test('RTS alone holds EN low; DTR alone pulls GPIO0 low; both at one level are neutral', async () => {
  const both = recorder();
  both.circuit.setLines({ dtr: true, rts: true });
  assert.ok(both.circuit.enHigh && !both.circuit.gpio0Low);
  both.circuit.setLines({ dtr: false, rts: false });
  assert.deepEqual(both.log, []);

  const classic = recorder();
  classic.circuit.setLines({ dtr: false, rts: true });
  assert.equal(classic.circuit.enHigh, false);
  // esptool changes one line at a time: the neutral state in between lasts far less than EN's RC delay.
  classic.circuit.setLines({ dtr: true, rts: true });
  classic.circuit.setLines({ dtr: true, rts: false });
  assert.equal(await classic.released, true, 'the chip latches GPIO0 low: download mode');
  classic.circuit.setLines({ dtr: false, rts: false });
  assert.deepEqual(classic.log, ['hold', 'release:download']);

  const pulse = recorder();
  pulse.circuit.setLines({ dtr: false, rts: true });
  pulse.circuit.setLines({ dtr: false, rts: false });
  assert.equal(await pulse.released, false, 'an EN pulse with GPIO0 high boots from flash');

  const button = recorder();
  button.circuit.setBootButton(true);
  button.circuit.setLines({ dtr: false, rts: true });
  button.circuit.setLines({ dtr: false, rts: false });
  assert.equal(await button.released, true, 'the BOOT button held gives download mode');
  for (const r of [both, classic, pulse, button]) r.circuit.dispose();
});

test('reset() and the BOOT button on a board; the ROM prints its boot lines each time', async () => {
  const board = await startBoard({ pacing: false });
  try {
    await board.waitForOutput('rst:0x1 (POWERON_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\r\n');
    assert.equal(board.mode, 'flash');
    board.clearOutput();
    board.reset({ boot: 'download' });
    assert.equal(board.mode, 'download');
    assert.equal(board.running, 'rom');
    await board.waitForOutput('ets Jul 29 2019 12:21:46\r\n\r\nrst:0x1 (POWERON_RESET),boot:0x3 (DOWNLOAD_BOOT(UART0/UART1/SDIO_REI_REO_V2))\r\nwaiting for download\r\n');
    board.reset({ boot: 'flash' });
    assert.equal(board.mode, 'flash');
  } finally {
    await board.close();
  }
});

test('dropped and flipped bytes break the conversation until the faults are cleared', async () => {
  const board = await startBoard({ pacing: false, boot: 'download' });
  const link = await openLink(board.ports.socket);
  try {
    const c = new LoaderClient(link);
    await c.drain(50);
    board.setFaults({ dropRate: 1, direction: 'from-board' });
    await c.send(request(0x08, SYNC_DATA));
    // A socket:// link is open before the board has attached it, and a loaded machine may not have carried the
    // SYNC to the ROM yet: wait for the dropped replies themselves instead of a fixed time.
    await waitFor(() => board.faultCounts.dropped >= 8 * 14, 'the 8 replies to SYNC, every byte dropped', 20_000);
    assert.equal(c.waiting, 0, 'every reply byte was dropped');

    board.setFaults({ flipRate: 1, direction: 'to-board', seed: 7 });
    await c.send(request(0x08, SYNC_DATA));
    await waitFor(() => board.faultCounts.flipped >= 40, 'the corrupted SYNC at the ROM', 20_000);
    // A reply would come within a few turns of the event loop; a slow machine can only make this pass, not fail.
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(c.waiting, 0, 'the ROM did not recognise a corrupted SYNC');

    board.clearFaults();
    await c.send(request(0x08, SYNC_DATA));
    assert.equal((await c.reply()).op, 0x08);
    assert.throws(() => board.setFaults({ dropRate: 2 }), /dropRate must be a number from 0 to 1/);
  } finally {
    await link.close();
    await board.close();
  }
});

test('unplug closes the links and refuses new ones; replug powers the board on again', async () => {
  const board = await startBoard({ pacing: false, boot: 'download' });
  const link = await openLink(board.ports.rfc2217);
  try {
    const lost = new Promise<void>((r) => link.once('close', () => r()));
    board.unplug();
    await lost;
    assert.equal(link.lost, true);
    assert.equal(board.state, 'off');

    const refused = await openLink(board.ports.socket);
    await new Promise<void>((r) => (refused.destroyed ? r() : refused.once('close', () => r())));
    assert.equal(refused.lost, true, 'an unplugged board takes no connections');

    const booted = board.waitForEvent((e) => e.type === 'boot');
    board.unplug({ replugAfterMs: 50 });
    await booted;
    assert.equal(board.state, 'running');
    const again = await openLink(board.ports.socket);
    const c = new LoaderClient(again);
    await c.send(request(0x08, SYNC_DATA));
    assert.equal((await c.reply()).op, 0x08);
    await again.close();
  } finally {
    await link.close();
    await board.close();
  }
});

test('a WiFi drop is forwarded to the running program', async () => {
  const faults: ProgramFault[] = [];
  const board = await startBoard({
    pacing: false,
    installEspruino: true,
    startApplication: (services) => {
      services.uartWrite('app running\r\n');
      return { receive: () => {}, stop: () => {}, fault: (f) => { faults.push(f); } };
    },
  });
  try {
    await board.waitForOutput('app running');
    assert.equal(board.running, 'application');
    board.wifiDrop(500);
    assert.deepEqual(faults, [{ type: 'wifi-drop', forMs: 500 }]);
  } finally {
    await board.close();
  }
});
