// The virtual board's own parts around the real Espruino interpreter: Storage in the board's flash file,
// a deploy over the paced UART and the reboot into it, and the WiFi stand-in (the same access point,
// events and reasons as the model, sim/espruino/wifi.ts), whose drop closes the program's sockets.
// And the pins: the stand-ins send pin writes to the board's pin model, so the LED shows them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { needsRealEspruino } from '../helpers/espruino.ts';
import { HostConsole, LAB_AP, startRealBoard } from '../helpers/real-board.ts';
import { openLink } from '../../host/link/index.ts';
import { deployFirmware } from '../../host/espruino/deploy.ts';
import type { VirtualBoard } from '../../sim/index.ts';
import { FlashStorage } from '../../sim/espruino/flash-storage.ts';

async function tcpServer(): Promise<{ server: Server; port: number }> {
  const server = createServer(() => {});
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, port: (server.address() as { port: number }).port };
}

/** Wait (bounded, generously) until `done()` holds. */
async function until(done: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) assert.fail(`no ${what} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Reset the chip and wait for the interpreter's prompt again. */
async function resetAndWait(board: VirtualBoard): Promise<void> {
  board.clearOutput();
  board.reset();
  await board.waitForOutput(/Donate\r\n\r\n>/, 15_000);
}

test('Storage lives in the board flash: it survives a reset, and erasing the Storage region clears it', { skip: needsRealEspruino }, async () => {
  const board = await startRealBoard();
  let con = await HostConsole.open(board);
  try {
    assert.match(await con.line('require("Storage").write("note", "kept-in-flash-42")'), /=true/);
    await con.close();
    await resetAndWait(board);
    con = await HostConsole.open(board);
    assert.match(await con.line('require("Storage").read("note")'), /="kept-in-flash-42"/);
    // the stand-ins' boot file is the board's, not the program's: it is not in the flash file
    const flash = readFileSync(board.flashFile);
    const region = flash.subarray(board.profile.storage.offset, board.profile.storage.offset + board.profile.storage.size);
    assert.ok(region.includes(Buffer.from('kept-in-flash-42')), 'the file is in the board flash file');
    const names = new FlashStorage(board.flash, board.profile.storage.offset, board.profile.storage.size).list().map((h) => h.name);
    assert.deepEqual(names, ['note'], 'the board boot file is not left in the flash');
    await con.close();
    // erase the region while the ROM loader runs (as `espkit erase --region` does), then boot again
    board.reset({ boot: 'download' });
    await board.waitForOutput(/waiting for download/, 10_000);
    board.flash.erase(board.profile.storage.offset, board.profile.storage.size);
    board.setBootButton(false);
    await resetAndWait(board);
    con = await HostConsole.open(board);
    assert.match(await con.line('require("Storage").read("note")'), /=undefined/);
  } finally {
    await con.close();
    await board.close();
  }
});

test('deployFirmware stores a program over the paced UART and the board reboots into it', { skip: needsRealEspruino }, async () => {
  const board = await startRealBoard({ pacing: true });
  const link = await openLink(board.ports.socket);
  try {
    const code = Buffer.from(`var filler=${JSON.stringify('x'.repeat(6000))};\nprint("espkit ready other 1.2.3 " + filler.length);\n`);
    const result = await deployFirmware(link, { code, ready: /espkit ready other/, readyTimeoutMs: 20_000 });
    assert.equal(result.bytes, code.length);
    assert.match(result.readyLine ?? '', /espkit ready other 1\.2\.3 6000/);
    await link.close();
    // a reset boots the stored program again
    board.clearOutput();
    board.reset();
    await board.waitForOutput(/espkit ready other 1\.2\.3 6000/, 15_000);
  } finally {
    await link.close().catch(() => undefined);
    await board.close();
  }
});

test('WiFi stand-in: wrong password, unknown SSID, the right one, and a drop that closes the socket', { skip: needsRealEspruino }, async () => {
  const { server, port } = await tcpServer();
  const board = await startRealBoard();
  const con = await HostConsole.open(board);
  try {
    con.send('\x10var W = require("Wifi"); W.on("disconnected", function (d) { print("disc", d.reason, d.msg); });\n');
    con.send(`\x10W.connect(${JSON.stringify(LAB_AP.ssid)}, {password: "wrong"}, function (err) { print("err:" + err); })\n`);
    await con.waitFor(/err:4WAY_HANDSHAKE_TIMEOUT/);
    assert.match(con.text, /disc 15 4WAY_HANDSHAKE_TIMEOUT/);
    con.send('\x10W.connect("nope", {password: "x"}, function (err) { print("err2:" + err); })\n');
    await con.waitFor(/err2:NO_AP_FOUND/);
    con.clear();
    con.send('\x10W.on("associated", function (d) { print("assoc", d.ssid); }); W.on("connected", function (d) { print("conn", d.ip); });\n');
    con.send(`\x10W.connect(${JSON.stringify(LAB_AP.ssid)}, {password: ${JSON.stringify(LAB_AP.password)}}, function (err) { print("wifi:" + err); })\n`);
    await con.waitFor(/wifi:null/);
    // the events come before the callback, as in the model (the console redraws its prompt between them)
    const order = ['assoc espkit-lab', 'conn 127.0.0.1', 'wifi:null'].map((t) => con.text.indexOf(t));
    assert.ok(order[0]! >= 0 && order[0]! < order[1]! && order[1]! < order[2]!, JSON.stringify(con.text));
    con.clear();
    con.send(`\x10var s = require("net").connect({host: "127.0.0.1", port: ${port}}, function () { print("sock up"); }); s.on("close", function () { print("socket closed"); });\n`);
    await con.waitFor(/sock up/);
    board.wifiDrop(50);
    await con.waitFor(/disc 200 BEACON_TIMEOUT/);
    await con.waitFor(/socket closed/);
    await new Promise((r) => setTimeout(r, 200));
    const program = (board as unknown as { program: { wifiConnected: boolean } }).program;
    assert.equal(program.wifiConnected, false, 'no reconnect by itself after the access point came back');
  } finally {
    await con.close();
    await board.close();
    server.close();
  }
});

test('pins: digitalWrite on GPIO2 drives the board LED, reads give back what was written, reset() makes them inputs', { skip: needsRealEspruino }, async () => {
  const board = await startRealBoard({ pacing: false });
  const leds: boolean[] = [];
  const stop = board.onEvent((e) => { if (e.type === 'led') leds.push(e.on as boolean); });
  const con = await HostConsole.open(board);
  try {
    await con.line('digitalWrite(D2, 1)');
    assert.match(await con.line('print(digitalRead(D2), getPinMode(D2), D2.read())'), /1 output true/);
    await con.line('D2.toggle(); LED = D2; LED.set()');
    await until(() => leds.length >= 3, `three LED changes, got ${JSON.stringify(leds)}`);
    assert.deepEqual(leds, [true, false, true]);
    assert.match(await con.line('digitalWrite(D99, 1)'), /Uncaught/);
    await con.line('reset()', 15_000);
    await until(() => leds.length >= 4, `the LED off after reset(), got ${JSON.stringify(leds)}`);
    assert.equal(leds[3], false, 'reset() turns the LED pin back into an input');
  } finally {
    stop();
    await con.close();
    await board.close();
  }
});
