// The firmware's MQTT 3.1.1 codec (firmware/src/mqtt/packet.ts) against mqtt-packet, the codec inside
// mqtt.js and aedes: what we encode it must parse, what it encodes we must reassemble from any split.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import mqttPacket from 'mqtt-packet';
import {
  connectPacket, publishPacket, subscribePacket, pubackPacket, remainingLength, parsePublish,
  PacketReader, PINGREQ_PACKET, CONNACK, PUBLISH, type Packet, type Oversized,
} from '../../firmware/src/mqtt/packet.ts';

type Parsed = Record<string, unknown> & { cmd: string };

/** Parse byte strings (one char per byte) with mqtt-packet. */
function parseAll(bytes: string): Parsed[] {
  const parser = mqttPacket.parser({ protocolVersion: 4 });
  const out: Parsed[] = [];
  const errors: Error[] = [];
  parser.on('packet', (p) => out.push(p as unknown as Parsed));
  parser.on('error', (e: Error) => errors.push(e));
  parser.parse(Buffer.from(bytes, 'latin1'));
  assert.deepEqual(errors, []);
  return out;
}

const gen = (p: object): string => mqttPacket.generate(p as mqttPacket.Packet).toString('latin1');

test('CONNECT carries clean session off, a retained QoS 1 Will, credentials and the keepalive', () => {
  const [p] = parseAll(connectPacket({
    clientId: 'esp32-123456', keepalive: 30, clean: false, username: 'dev', password: 's3cret',
    will: { topic: 'espkit/esp32-123456/status', payload: 'offline', qos: 1, retain: true },
  }));
  assert.equal(p!.cmd, 'connect');
  assert.equal(p!.protocolId, 'MQTT');
  assert.equal(p!.protocolVersion, 4);
  assert.equal(p!.clean, false);
  assert.equal(p!.keepalive, 30);
  assert.equal(p!.clientId, 'esp32-123456');
  assert.equal(p!.username, 'dev');
  assert.equal(Buffer.from(p!.password as Buffer).toString(), 's3cret');
  const will = p!.will as { topic: string; payload: Buffer; qos: number; retain: boolean };
  assert.equal(will.topic, 'espkit/esp32-123456/status');
  assert.equal(will.payload.toString(), 'offline');
  assert.equal(will.qos, 1);
  assert.equal(will.retain, true);
});

test('CONNECT without credentials sets neither flag', () => {
  const [p] = parseAll(connectPacket({ clientId: 'a', keepalive: 5, clean: true }));
  assert.equal(p!.clean, true);
  assert.equal(p!.username, undefined);
  assert.equal(p!.password, undefined);
  assert.equal(p!.will, undefined);
});

test('PUBLISH QoS 0 and QoS 1 with DUP and retain, and SUBSCRIBE, PUBACK, PINGREQ', () => {
  const body = JSON.stringify({ id: 'a1', at: 5 });
  const [q0, q1, sub, ack, ping] = parseAll(
    publishPacket('t/x', 'hi', 0, false, 0, false) +
    publishPacket('espkit/d/receipt', body, 1, true, 513, true) +
    subscribePacket(7, ['espkit/d/push', 'espkit/all/push'], 1) +
    pubackPacket(65535) + PINGREQ_PACKET,
  );
  assert.equal(q0!.cmd, 'publish');
  assert.equal(q0!.qos, 0);
  assert.equal((q0!.payload as Buffer).toString(), 'hi');
  assert.equal(q1!.qos, 1);
  assert.equal(q1!.messageId, 513);
  assert.equal(q1!.dup, true);
  assert.equal(q1!.retain, true);
  assert.equal((q1!.payload as Buffer).toString(), body);
  assert.equal(sub!.cmd, 'subscribe');
  assert.equal(sub!.messageId, 7);
  assert.deepEqual(sub!.subscriptions, [{ topic: 'espkit/d/push', qos: 1 }, { topic: 'espkit/all/push', qos: 1 }]);
  assert.equal(ack!.cmd, 'puback');
  assert.equal(ack!.messageId, 65535);
  assert.equal(ping!.cmd, 'pingreq');
});

test('remaining length uses 1 to 4 bytes exactly as the standard says', () => {
  const cases: Array<[number, number[]]> = [
    [0, [0]], [127, [0x7f]], [128, [0x80, 0x01]], [16383, [0xff, 0x7f]], [16384, [0x80, 0x80, 0x01]],
    [2097151, [0xff, 0xff, 0x7f]], [2097152, [0x80, 0x80, 0x80, 0x01]], [268435455, [0xff, 0xff, 0xff, 0x7f]],
  ];
  for (const [n, bytes] of cases) assert.deepEqual([...Buffer.from(remainingLength(n), 'latin1')], bytes, `length ${n}`);
});

/** Feed `stream` to a reader in pieces cut by `cut`; returns the packets, oversized notes and errors. */
function feedInPieces(stream: string, cut: (at: number) => number, maxPacket = 1024) {
  const reader = new PacketReader(maxPacket);
  const packets: Packet[] = [];
  const oversized: Oversized[] = [];
  const errors: string[] = [];
  for (let at = 0; at < stream.length;) {
    const n = Math.max(1, cut(at));
    const err = reader.feed(stream.substr(at, n), (p) => packets.push(p), (o) => oversized.push(o));
    if (err) errors.push(err);
    at += n;
  }
  return { packets, oversized, errors };
}

test('packets are reassembled from 536-byte pieces, single bytes and random cuts alike', () => {
  const payloads = ['x', 'é'.repeat(40), JSON.stringify({ id: 'p1', msg: 'hello', ts: 1, ttl: 60 }), 'y'.repeat(700)];
  const stream = gen({ cmd: 'connack', returnCode: 0, sessionPresent: true }) +
    payloads.map((p, i) => gen({ cmd: 'publish', topic: 'espkit/d/push', payload: Buffer.from(p), qos: 1, messageId: i + 1 })).join('') +
    gen({ cmd: 'pingresp' }) + gen({ cmd: 'suback', messageId: 9, granted: [1, 128] });
  let seed = 7;
  const random = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) % 97;
  for (const [name, cut] of [['536', () => 536], ['1', () => 1], ['random', random]] as const) {
    const { packets, errors } = feedInPieces(stream, cut);
    assert.deepEqual(errors, [], name);
    assert.deepEqual(packets.map((p) => p.type), [CONNACK, PUBLISH, PUBLISH, PUBLISH, PUBLISH, 13, 9], name);
    assert.equal(packets[0]!.body.charCodeAt(0) & 1, 1, 'session present');
    const pubs = packets.filter((p) => p.type === PUBLISH).map((p) => parsePublish(p)!);
    assert.deepEqual(pubs.map((p) => p.id), [1, 2, 3, 4], name);
    assert.deepEqual(pubs.map((p) => Buffer.from(p.payload, 'latin1').toString('utf8')), payloads, name);
    assert.ok(pubs.every((p) => p.topic === 'espkit/d/push' && p.qos === 1));
  }
});

test('an oversized PUBLISH is skipped unbuffered but still yields its id to acknowledge', () => {
  const big = gen({ cmd: 'publish', topic: 'espkit/d/push', payload: Buffer.alloc(5000, 0x41), qos: 1, messageId: 42 });
  const after = gen({ cmd: 'publish', topic: 'espkit/d/push', payload: Buffer.from('ok'), qos: 0 });
  for (const piece of [536, 3, 1000]) {
    const { packets, oversized, errors } = feedInPieces(big + after, () => piece);
    assert.deepEqual(errors, []);
    assert.deepEqual(oversized, [{ size: Buffer.from(big, 'latin1').length - 3, qos: 1, id: 42, topic: 'espkit/d/push' }]);
    assert.equal(packets.length, 1);
    assert.equal(parsePublish(packets[0]!)!.payload, 'ok');
  }
});

test('garbage from the broker is reported, not thrown', () => {
  assert.match(feedInPieces('\x00\x00', () => 2).errors[0]!, /unexpected packet type 0/);
  assert.match(feedInPieces('\x30\xff\xff\xff\xff\x01', () => 6).errors[0]!, /malformed remaining length/);
  assert.match(feedInPieces(`\x90${remainingLength(5000)}`, () => 10).errors[0]!, /oversized packet of type 9/);
  // a PUBLISH whose topic length runs past its end
  assert.equal(parsePublish({ type: PUBLISH, flags: 2, body: '\x00\x50ab' }), undefined);
  assert.equal(parsePublish({ type: PUBLISH, flags: 6, body: '\x00\x01a\x00\x01' }), undefined, 'QoS 3 is invalid');
});
