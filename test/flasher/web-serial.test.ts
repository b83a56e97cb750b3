// The Web Serial adapter and the transport's receive side, over a real Link (socket://) to a local TCP peer:
// packets split anywhere, noise between packets, close and reopen with fresh streams, both modem lines
// always set, baud changes in place, and a peer that goes away mid-read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { openLink } from '../../host/link/index.ts';
import type { Link } from '../../core/link.ts';
import { slipEncode } from '../../core/protocol/slip.ts';
import { LinkSerialPort, LinkLostError } from '../../flasher/web-serial.ts';
import { EspTransport } from '../../flasher/transport.ts';

async function peer(): Promise<{ link: Link; remote: net.Socket; close: () => Promise<void> }> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const accepted = new Promise<net.Socket>((resolve) => server.once('connection', resolve));
  const link = await openLink(`socket://127.0.0.1:${(server.address() as AddressInfo).port}`);
  const remote = await accepted;
  return {
    link,
    remote,
    close: async () => {
      await link.close();
      remote.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

test('packets split anywhere and noise between them come out as whole packets', async () => {
  const { link, remote, close } = await peer();
  const port = new LinkSerialPort(link);
  const transport = new EspTransport(port);
  await transport.connect(115200);
  void transport.readLoop();
  const big = Buffer.alloc(5000, 0xc0); // every byte needs escaping
  big[10] = 0xdb;
  const stream = Buffer.concat([Buffer.from('rst:0x1 (POWERON_RESET),boot:0x3\r\nwaiting for download\r\n'), slipEncode(Buffer.from([1, 8, 4, 0])), slipEncode(big)]);
  for (let i = 0; i < stream.length; i += 7) remote.write(stream.subarray(i, i + 7));
  assert.deepEqual(Buffer.from(await transport.read(2000)), Buffer.from([1, 8, 4, 0]));
  assert.deepEqual(Buffer.from(await transport.read(2000)), big);
  assert.match(Buffer.from(transport.peek()).toString('latin1'), /waiting for download/);
  transport.flushInput();
  assert.equal(transport.inWaiting(), 0);
  await assert.rejects(transport.read(50), /No serial data received/);
  await transport.disconnect();
  await close();
});

test('close and reopen give fresh streams, and the Link is handed back readable', async () => {
  const { link, remote, close } = await peer();
  const port = new LinkSerialPort(link);
  const transport = new EspTransport(port);
  await transport.connect(115200);
  void transport.readLoop();
  remote.write(slipEncode(Buffer.from('one')));
  assert.equal(Buffer.from(await transport.read(2000)).toString(), 'one');
  const firstReadable = port.readable;
  await transport.disconnect();
  assert.equal(port.readable, null);
  assert.equal(firstReadable?.locked, false);
  // Whoever reads the Link next (a REPL after a reset) gets the bytes with a plain 'data' listener.
  const next = new Promise<Buffer>((resolve) => link.once('data', resolve));
  remote.write('Espruino banner');
  assert.equal((await next).toString(), 'Espruino banner');
  await transport.connect(115200);
  assert.notEqual(port.readable, firstReadable);
  void transport.readLoop();
  remote.write(slipEncode(Buffer.from('after reopen')));
  assert.equal(Buffer.from(await transport.read(2000)).toString(), 'after reopen');
  // Writes go out SLIP-framed through the writable stream.
  const got = new Promise<Buffer>((resolve) => remote.once('data', resolve));
  await transport.write(Uint8Array.from([0xc0, 2]));
  assert.deepEqual(await got, Buffer.from([0xc0, 0xdb, 0xdc, 2, 0xc0]));
  await transport.disconnect();
  await close();
});

test('both modem lines are always set, and the baud changes in place', async () => {
  const { link, close } = await peer();
  const port = new LinkSerialPort(link, { usbVendorId: 0x10c4, usbProductId: 0xea60 });
  await port.open({ baudRate: 115200 });
  await port.setSignals({ requestToSend: true });
  assert.deepEqual(link.signals, { dtr: false, rts: true });
  await port.setSignals({ dataTerminalReady: true });
  assert.deepEqual(link.signals, { dtr: true, rts: true });
  await port.setSignals({ dataTerminalReady: false, requestToSend: false });
  assert.deepEqual(link.signals, { dtr: false, rts: false });
  const readable = port.readable;
  await port.setBaudRate(921600);
  assert.equal(link.baud, 921600);
  assert.equal(port.readable, readable, 'the streams survive a baud change');
  assert.deepEqual(port.getInfo(), { usbVendorId: 0x10c4, usbProductId: 0xea60 });
  await assert.rejects(port.open({ baudRate: 115200 }), /already open/);
  await port.close();
  await close();
});

test('a peer that goes away fails the pending read at once with a clear error', async () => {
  const { link, remote, close } = await peer();
  const port = new LinkSerialPort(link);
  const transport = new EspTransport(port);
  await transport.connect(115200);
  const loop = transport.readLoop();
  // A timeout would reject with esptool-js's ESPError; the lost link must be reported as such instead.
  const pending = transport.read(600_000);
  setTimeout(() => remote.destroy(), 50);
  await assert.rejects(pending, (err: Error) => err instanceof LinkLostError && /lost socket:\/\/127\.0\.0\.1:\d+ .*run the command again/.test(err.message));
  await loop; // the stream ended cleanly
  await assert.rejects(port.setSignals({ requestToSend: true }), LinkLostError);
  await transport.disconnect();
  await close();
});

test('drainInput waits for the line to go quiet, then drops what came', async () => {
  const { link, remote, close } = await peer();
  const port = new LinkSerialPort(link);
  const transport = new EspTransport(port);
  await transport.connect(115200);
  void transport.readLoop();
  let n = 0;
  const timer = setInterval(() => {
    if (n++ < 5) remote.write(slipEncode(Buffer.from([n])));
  }, 20);
  await transport.drainInput(300, 10_000);
  clearInterval(timer);
  assert.ok(n >= 5, 'kept draining while packets came');
  await assert.rejects(transport.read(100), /No serial data/);
  await transport.disconnect();
  await close();
});
