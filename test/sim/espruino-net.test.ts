// WiFi and TCP in the virtual Espruino: the simulated access point, the WiFi drop fault, and `net` over
// real sockets on 127.0.0.1 with Espruino's semantics (synchronous connect errors, 536-byte binary
// chunks, write(Uint8Array) as text, 'end' then 'close'), ending with a real MQTT broker.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { networkInterfaces } from 'node:os';
import { once } from 'node:events';
import { Aedes } from 'aedes';
import mqtt from 'mqtt';
import { BenchBoard } from '../../sim/espruino/bench-board.ts';

const AP = { ssid: 'lab', password: 'secret123' };
const FAST = { ap: AP, timing: { bootDelayMs: 5, wifiConnectMs: 20, wifiAttemptMs: 10 } };

async function ready(): Promise<BenchBoard> {
  const b = new BenchBoard({ espruino: FAST });
  await b.waitFor(/>$/);
  b.clearOutput();
  return b;
}

async function joinWifi(b: BenchBoard): Promise<void> {
  b.send(`\x10require("Wifi").connect(${JSON.stringify(AP.ssid)}, {password: ${JSON.stringify(AP.password)}}, function (err) { print("wifi:" + err); })\n`);
  await b.waitFor('wifi:null');
}

/** A TCP server on an ephemeral port that records what it receives. */
async function tcpServer(onConnection: (s: Socket) => void): Promise<{ server: Server; port: number }> {
  const server = createServer(onConnection);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, port: (server.address() as { port: number }).port };
}

test('WiFi: a wrong password fails after three attempts; the right one gives events and getIP with the MAC', async () => {
  const b = await ready();
  try {
    b.send('\x10var W = require("Wifi"); W.on("disconnected", function (d) { print("disc", d.reason, d.msg); });\n');
    b.send('\x10W.connect("lab", {password: "wrong"}, function (err) { print("err:" + err); })\n');
    await b.waitFor(/err:4WAY_HANDSHAKE_TIMEOUT/);
    assert.match(b.output, /disc 15 4WAY_HANDSHAKE_TIMEOUT/);
    const attempts = b.events.filter((e) => e.type === 'wifi' && e.state === 'failed');
    assert.equal(attempts.length, 1);
    b.send('\x10W.connect("nope", {password: "x"}, function (err) { print("err2:" + err); })\n');
    await b.waitFor('err2:NO_AP_FOUND');
    b.clearOutput();
    b.send('\x10W.on("associated", function (d) { print("assoc", d.ssid); }); W.on("connected", function (d) { print("conn", d.ip); });\n');
    await joinWifi(b);
    assert.match(b.output, /assoc lab\r\nconn 127\.0\.0\.1\r\n/);
    b.send('\x10print(JSON.stringify(W.getIP()))\n');
    await b.waitFor('{"ip":"127.0.0.1","netmask":"255.0.0.0","gw":"127.0.0.1","mac":"24:0a:c4:12:34:56"}');
  } finally {
    await b.close();
  }
});

test('net.connect throws at once without WiFi, for an unknown host and for a refused port', async () => {
  const { server, port } = await tcpServer(() => {});
  server.close(); // the port is now refused
  await once(server, 'close');
  const b = await ready();
  try {
    const attempt = (host: string, p: number): string =>
      `\x10try { require("net").connect({host: ${JSON.stringify(host)}, port: ${p}}, function () { print("connected?!"); }); print("no throw"); } catch (e) { print("threw: " + e.message); }\n`;
    b.send(attempt('127.0.0.1', port));
    await b.waitFor('threw: Not connected to the internet');
    await joinWifi(b);
    b.send(attempt('broker.example.com', 1883));
    await b.waitFor('threw: Unable to locate host');
    b.send(attempt('localhost', port));
    await b.waitFor('threw: Unable to create socket');
    await new Promise((r) => setTimeout(r, 50));
    assert.doesNotMatch(b.output, /connected\?!|no throw/);
  } finally {
    await b.close();
  }
});

test('net: binary data in chunks of at most 536 bytes, raw string writes, Uint8Array written as text, end then close', async () => {
  const payload = Buffer.alloc(2000);
  for (let i = 0; i < payload.length; i++) payload[i] = (i * 7) & 0xff;
  const received: Buffer[] = [];
  let gotAll!: () => void;
  const allIn = new Promise<void>((resolve) => (gotAll = resolve));
  const { server, port } = await tcpServer((s) => {
    s.on('data', (d: Buffer) => {
      received.push(d);
      if (Buffer.concat(received).length >= 9) gotAll();
    });
    s.write(payload, () => setTimeout(() => s.end(), 30));
  });
  const b = await ready();
  try {
    await joinWifi(b);
    b.send(`\x10var chunks = [], all = ""; var c = require("net").connect({host: "localhost", port: ${port}}, function () { c.write("\\xff\\x00A"); c.write(new Uint8Array([66, 67, 0])); });\n`);
    b.send('\x10c.on("data", function (d) { chunks.push(d.length); all += d; }); c.on("end", function () { print("end", all.length); }); c.on("close", function () { print("close"); });\n');
    await b.waitFor(/end 2000\r\n[\s\S]*close\r\n/);
    b.clearOutput();
    b.send('\x10print(Math.max.apply(null, chunks), E.CRC32(all))\n');
    const line = await b.waitFor(/\d+ \d+\r\n/);
    const [max, crc] = line.trim().split(' ').map(Number);
    assert.ok(max! <= 536, `largest chunk ${max}`);
    const { crc32 } = await import('../../core/codec/crc32.ts');
    assert.equal(crc, crc32(payload), 'the bytes arrive intact');
    await allIn;
    assert.deepEqual([...Buffer.concat(received)], [0xff, 0x00, 0x41, ...Buffer.from('66,67,0')]);
  } finally {
    await b.close();
    server.close();
  }
});

test('a WiFi drop closes sockets, reports BEACON_TIMEOUT and does not reconnect by itself', async () => {
  const { server, port } = await tcpServer(() => {});
  const b = await ready();
  try {
    await joinWifi(b);
    b.send(`\x10require("Wifi").on("disconnected", function (d) { print("dropped", d.reason, d.msg); }); var s = require("net").connect({host: "127.0.0.1", port: ${port}}); s.on("close", function () { print("socket closed"); });\n`);
    await new Promise((r) => setTimeout(r, 30));
    b.personality.fault({ type: 'wifi-drop', forMs: 40 });
    await b.waitFor(/dropped 200 BEACON_TIMEOUT/);
    await b.waitFor('socket closed');
    await new Promise((r) => setTimeout(r, 120));
    assert.equal(b.personality.wifiConnected, false, 'still disconnected after the access point came back');
    b.clearOutput();
    await joinWifi(b); // the application reconnects, and it works again
  } finally {
    await b.close();
    server.close();
  }
});

/** A small MQTT 3.1.1 client in the subset of JavaScript Espruino runs. */
const MQTT_CLIENT = (port: number): string => `
function str(s) { return String.fromCharCode(s.length >> 8, s.length & 255) + s; }
function pkt(type, body) { var len = body.length, enc = ""; do { var d = len % 128; len = Math.floor(len / 128); if (len > 0) d |= 128; enc += String.fromCharCode(d); } while (len > 0); return String.fromCharCode(type) + enc + body; }
var buf = "", biggest = 0;
var sock = require("net").connect({host: "127.0.0.1", port: ${port}}, function () { sock.write(pkt(0x10, str("MQTT") + "\\x04\\x02\\x00\\x3c" + str("sim-board"))); });
sock.on("data", function (d) {
  biggest = Math.max(biggest, d.length);
  buf += d;
  while (buf.length >= 2) {
    var mul = 1, len = 0, i = 1, b;
    do { b = buf.charCodeAt(i++); len += (b & 127) * mul; mul *= 128; } while (b & 128);
    if (buf.length < i + len) return;
    var type = buf.charCodeAt(0) >> 4, body = buf.substr(i, len);
    buf = buf.substr(i + len);
    if (type == 2) sock.write(pkt(0x82, "\\x00\\x01" + str("espkit/sim/in") + "\\x00"));
    if (type == 9) { sock.write(pkt(0x30, str("espkit/sim/out") + "hello from the board")); print("subscribed"); }
    if (type == 3) { var tl = (body.charCodeAt(0) << 8) | body.charCodeAt(1); var msg = body.substr(2 + tl); print("got " + msg.length + " " + msg.substr(0, 5) + " " + biggest); }
  }
});
`;

test('the sandbox\'s net talks MQTT to a real broker (aedes on 127.0.0.1)', async () => {
  const aedes = await Aedes.createBroker();
  const broker = createServer((s) => aedes.handle(s));
  broker.listen(0, '127.0.0.1');
  await once(broker, 'listening');
  const port = (broker.address() as { port: number }).port;
  const host = await mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, { clientId: 'host-side' });
  const b = await ready();
  try {
    await host.subscribeAsync('espkit/sim/out');
    const fromBoard = new Promise<[string, Buffer]>((resolve) => host.once('message', (topic, message) => resolve([topic, message])));
    await joinWifi(b);
    for (const line of MQTT_CLIENT(port).trim().split('\n')) b.send(`\x10${line}\n`);
    await b.waitFor('subscribed');
    const [topic, message] = await fromBoard;
    assert.equal(topic, 'espkit/sim/out');
    assert.equal(message.toString(), 'hello from the board');
    await host.publishAsync('espkit/sim/in', 'x'.repeat(1500));
    const got = await b.waitFor(/got \d+ xxxxx \d+/);
    const [, length, , biggest] = /got (\d+) (x+) (\d+)/.exec(got)!;
    assert.equal(Number(length), 1500);
    assert.ok(Number(biggest) <= 536, 'the 1.5 KB publish reached the board in pieces of at most 536 bytes');
  } finally {
    await b.close();
    await host.endAsync();
    await new Promise<void>((resolve) => broker.close(() => resolve()));
    await new Promise<void>((resolve) => aedes.close(() => resolve()));
  }
});

test('net reaches this machine\'s own LAN address (the one `espkit hub credentials` gives a device), not other hosts', async (t) => {
  const lan = Object.values(networkInterfaces()).flatMap((l) => l ?? []).find((a) => a.family === 'IPv4' && !a.internal)?.address;
  if (!lan) return t.skip('this machine has no LAN address');
  const server = createServer((s) => s.end('hello\n'));
  server.listen(0, lan);
  await once(server, 'listening');
  const port = (server.address() as { port: number }).port;
  const b = await ready();
  try {
    await joinWifi(b);
    b.send(`\x10var s = require("net").connect({host: ${JSON.stringify(lan)}, port: ${port}}, function () { print("connected"); }); s.on("data", function (d) { print("got " + d.trim()); });\n`);
    await b.waitFor('got hello');
    b.send(`\x10try { require("net").connect({host: "203.0.113.9", port: ${port}}); } catch (e) { print("threw: " + e.message); }\n`);
    await b.waitFor('threw: Unable to locate host');
  } finally {
    await b.close();
    server.close();
  }
});
