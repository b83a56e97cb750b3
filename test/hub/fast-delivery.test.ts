// The hub's lean QoS 1 path (host/hub/fast-delivery.ts) must put the same bytes on the wire as
// aedes would and keep aedes' rules: packet ids, the subscription's QoS, redelivery of what was not
// acknowledged, PUBACKs however the reads split them. A raw MQTT client (mqtt-packet over a TCP
// socket) sees exactly what the hub sends and controls exactly what it answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { once } from 'node:events';
import mqttPacket, { type Packet, type IPublishPacket } from 'mqtt-packet';
import mqtt from 'mqtt';
import { isPubacks, publishTemplate } from '../../host/hub/fast-delivery.ts';
import { startHub, type Hub } from '../../host/hub/hub.ts';
import { shardOf, shardTopic, topic } from '../../core/wire/push.ts';

test('a PUBLISH built once and patched per device is byte for byte what mqtt-packet generates', () => {
  const topics = ['espkit/esp32-a1b2c3/push', 't', 'ünïcødé/トピック/push', 'x'.repeat(300)];
  // payload sizes around the remaining-length boundaries (127/128, 16383/16384 bytes) and beyond
  const sizes = [0, 1, 90, 121, 122, 123, 16_000, 16_377, 16_378, 16_379, 70_000, 2_100_000];
  for (const t of topics) {
    for (const size of sizes) {
      const payload = Buffer.alloc(size, 0x5a);
      for (const qos of [1, 2] as const) {
        for (const dup of [false, true]) {
          const tpl = publishTemplate({ topic: t, payload, qos, dup });
          for (const messageId of [1, 258, 65535]) {
            const ours = Buffer.from(tpl.bytes);
            ours.writeUInt16BE(messageId, tpl.idAt);
            const theirs = mqttPacket.generate({ cmd: 'publish', topic: t, payload, qos, dup, retain: false, messageId });
            assert.ok(ours.equals(theirs), `topic ${t.slice(0, 20)}, ${size} bytes, QoS ${qos}, dup ${dup}, id ${messageId}`);
          }
        }
      }
    }
  }
});

test('only reads of whole PUBACKs take the short way', () => {
  const puback = (id: number): Buffer => Buffer.from([0x40, 0x02, id >> 8, id & 0xff]);
  assert.equal(isPubacks(puback(7)), true);
  assert.equal(isPubacks(Buffer.concat([puback(1), puback(2), puback(65535)])), true);
  assert.equal(isPubacks(Buffer.alloc(0)), false);
  assert.equal(isPubacks(puback(7).subarray(0, 3)), false, 'half a PUBACK');
  assert.equal(isPubacks(Buffer.concat([puback(1), Buffer.from([0xc0, 0x00, 0xc0, 0x00])])), false, 'with PINGREQs');
  assert.equal(isPubacks(Buffer.from([0x50, 0x02, 0x00, 0x01])), false, 'a PUBREC');
  assert.equal(isPubacks(Buffer.from([0x40, 0x03, 0x00, 0x01])), false, 'an MQTT 5 PUBACK with a reason code');
});

/** A device on a bare socket: sends what it is told, records every packet the hub sends. */
class RawDevice {
  readonly packets: Packet[] = [];
  readonly socket: Socket;
  readonly #waiters: (() => void)[] = [];
  private constructor(socket: Socket) {
    this.socket = socket;
    const parser = mqttPacket.parser({ protocolVersion: 4 });
    parser.on('packet', (p: Packet) => {
      this.packets.push(p);
      for (const w of this.#waiters.splice(0)) w();
    });
    socket.on('data', (d) => parser.parse(d));
  }

  static async open(hub: Hub, id: string, options: { clean?: boolean; qos?: 0 | 1; keepalive?: number } = {}): Promise<RawDevice> {
    const socket = connect(hub.ports.mqtt!, '127.0.0.1');
    await once(socket, 'connect');
    const d = new RawDevice(socket);
    d.send({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 4, clientId: id, clean: options.clean ?? false, keepalive: options.keepalive ?? 60, username: id, password: Buffer.from(hub.credentials.devicePassword(id)) });
    await d.next((p) => p.cmd === 'connack');
    if (options.qos !== undefined) {
      d.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: topic(hub.prefix, id, 'push'), qos: options.qos }] });
      await d.next((p) => p.cmd === 'suback');
    }
    return d;
  }

  send(packet: Packet): void {
    this.socket.write(mqttPacket.generate(packet));
  }

  async next(match: (p: Packet) => boolean, from = 0): Promise<Packet> {
    for (let rounds = 0; rounds < 200; rounds++) {
      const found = this.packets.slice(from).find(match);
      if (found) return found;
      await Promise.race([new Promise<void>((r) => this.#waiters.push(r)), new Promise((r) => setTimeout(r, 100))]);
    }
    throw new Error(`no such packet from the hub; got ${this.packets.map((p) => p.cmd).join(', ')}`);
  }

  publishes(): IPublishPacket[] {
    return this.packets.filter((p): p is IPublishPacket => p.cmd === 'publish');
  }

  async close(): Promise<void> {
    this.socket.destroy();
    await once(this.socket, 'close');
  }
}

async function withHub(fn: (hub: Hub) => Promise<void>): Promise<void> {
  const hub = await startHub({ host: '127.0.0.1', mqttPort: 0, httpPort: 0 });
  try {
    await fn(hub);
  } finally {
    await hub.close();
  }
}

async function waitFor(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 25));
  assert.ok(check(), 'condition not reached in 5 s');
}

test("the hub's clients take the lean path unless ESPKIT_HUB_FAST=0 (its start-up check passes on the pinned aedes)", async () => {
  await withHub(async (hub) => {
    const d = await RawDevice.open(hub, 'esp32-f00000', { qos: 1 });
    const clients = (hub.broker.aedes as unknown as { clients: Record<string, { _parser: { parse: { name: string } } }> }).clients;
    const client = clients['esp32-f00000']!;
    const fast = process.env.ESPKIT_HUB_FAST !== '0';
    assert.equal(hub.broker.delivery.path, fast ? 'fast' : 'aedes', hub.broker.delivery.reason);
    assert.equal(client._parser.parse.name === 'parsePubacks', fast);
    await d.close();
  });
});

test('pushes go out as QoS 1 with their own packet ids, and PUBACKs in one read, split or mixed let them go', async () => {
  await withHub(async (hub) => {
    const id = 'esp32-f00001';
    const d = await RawDevice.open(hub, id, { qos: 1 });
    for (let i = 0; i < 4; i++) await hub.push(id, `m${i}`);
    await waitFor(() => d.publishes().length === 4);
    const pubs = d.publishes();
    assert.deepEqual(pubs.map((p) => p.qos), [1, 1, 1, 1]);
    assert.equal(new Set(pubs.map((p) => p.messageId)).size, 4, 'distinct packet ids');
    assert.deepEqual(pubs.map((p) => JSON.parse(p.payload.toString()).msg), ['m0', 'm1', 'm2', 'm3']);
    assert.equal(hub.queues.held(id), 4);
    const ack = (p: IPublishPacket): Buffer => mqttPacket.generate({ cmd: 'puback', messageId: p.messageId });
    // two PUBACKs in one write
    d.socket.write(Buffer.concat([ack(pubs[0]!), ack(pubs[1]!)]));
    await waitFor(() => hub.queues.held(id) === 2);
    // one PUBACK a byte at a time: the general parser puts it together
    for (const byte of ack(pubs[2]!)) {
      d.socket.write(Buffer.from([byte]));
      await new Promise((r) => setTimeout(r, 10));
    }
    await waitFor(() => hub.queues.held(id) === 1);
    // a PUBACK with a PINGREQ behind it in one write: both answered
    d.socket.write(Buffer.concat([ack(pubs[3]!), mqttPacket.generate({ cmd: 'pingreq' })]));
    await d.next((p) => p.cmd === 'pingresp');
    await waitFor(() => hub.queues.held(id) === 0);
    await d.close();
  });
});

test('what a device did not acknowledge comes again when it reconnects, and only that', async () => {
  await withHub(async (hub) => {
    const id = 'esp32-f00002';
    const d = await RawDevice.open(hub, id, { qos: 1 });
    await hub.push(id, 'acked');
    await hub.push(id, 'not acked');
    await waitFor(() => d.publishes().length === 2);
    d.send({ cmd: 'puback', messageId: d.publishes()[0]!.messageId });
    await waitFor(() => hub.queues.held(id) === 1);
    await d.close();
    const again = await RawDevice.open(hub, id);
    const resent = (await again.next((p) => p.cmd === 'publish')) as IPublishPacket;
    assert.equal(JSON.parse(resent.payload.toString()).msg, 'not acked');
    assert.equal(resent.qos, 1);
    again.send({ cmd: 'puback', messageId: resent.messageId });
    await waitFor(() => hub.queues.held(id) === 0);
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(again.publishes().length, 1, 'the acknowledged push is not sent again');
    await again.close();
  });
});

test('a subscription at QoS 0 gets pushes at QoS 0, and nothing is held for it', async () => {
  await withHub(async (hub) => {
    const id = 'esp32-f00003';
    const d = await RawDevice.open(hub, id, { qos: 0 });
    await hub.push(id, 'lowered');
    const p = (await d.next((x) => x.cmd === 'publish')) as IPublishPacket;
    assert.equal(p.qos, 0);
    assert.equal(p.messageId, undefined);
    await waitFor(() => hub.queues.held(id) === 0);
    await d.close();
  });
});

test('clean sessions and MQTT 3.1 clients get their pushes too', async () => {
  await withHub(async (hub) => {
    const clean = await RawDevice.open(hub, 'esp32-f00004', { clean: true, qos: 1 });
    await hub.push('esp32-f00004', 'to a clean session');
    const p = (await clean.next((x) => x.cmd === 'publish')) as IPublishPacket;
    assert.equal(p.qos, 1);
    clean.send({ cmd: 'puback', messageId: p.messageId });
    await clean.close();

    const id = 'esp32-f00005';
    const v31 = await mqtt.connectAsync(hub.urls.mqtt!, { protocolVersion: 3, protocolId: 'MQIsdp', clientId: id, username: id, password: hub.credentials.devicePassword(id), clean: false, reconnectPeriod: 0 });
    await v31.subscribeAsync(topic(hub.prefix, id, 'push'), { qos: 1 });
    const got = new Promise<IPublishPacket>((resolve) => v31.once('message', (_t, _m, packet) => resolve(packet)));
    await hub.push(id, 'to MQTT 3.1');
    const packet = await got;
    assert.equal(JSON.parse(packet.payload.toString()).msg, 'to MQTT 3.1');
    assert.equal(packet.qos, 1);
    await waitFor(() => hub.queues.held(id) === 0);
    await v31.endAsync();
  });
});

test('PUBACKs count as signs of life: a device that only acknowledges is not dropped for silence', async () => {
  await withHub(async (hub) => {
    const id = 'esp32-f00006';
    // keepalive 1 s: the hub drops a client it has not heard from in 1.5 s
    const d = await RawDevice.open(hub, id, { qos: 1, keepalive: 1 });
    let closed = false;
    d.socket.once('close', () => (closed = true));
    // PUBACKs 50 ms apart for more than twice the keepalive: a process stalled for most of 1.5 s (a loaded
    // machine) still has its next PUBACK in before the hub's keepalive timer is due, where 400 ms apart a stall
    // of 1.1 s was enough to drop it
    const start = performance.now();
    for (let i = 0; performance.now() - start < 3200; i++) {
      await hub.push(id, `beat ${i}`);
      const p = (await d.next((x) => x.cmd === 'publish' && JSON.parse((x as IPublishPacket).payload.toString()).msg === `beat ${i}`)) as IPublishPacket;
      d.send({ cmd: 'puback', messageId: p.messageId });
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.equal(closed, false, 'still connected after 3.2 s of PUBACKs and no PINGREQ');
    assert.equal(d.packets.some((p) => p.cmd === 'pingresp'), false);
    await d.close();
  });
});

test('one PUBLISH buffer patched per device stays right when a socket holds on to it', async () => {
  await withHub(async (hub) => {
    // two devices on one broadcast shard: one stops reading, so its socket keeps the bytes queued
    const ids: string[] = [];
    for (let n = 0x100; ids.length < 2; n++) {
      const id = `esp32-f0${n.toString(16).padStart(4, '0')}`;
      if (ids.length === 0 || shardOf(id, hub.shards) === shardOf(ids[0]!, hub.shards)) ids.push(id);
    }
    const shard = shardTopic(hub.prefix, shardOf(ids[0]!, hub.shards));
    const [stuck, reader] = await Promise.all(ids.map(async (id) => {
      const d = await RawDevice.open(hub, id);
      d.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: shard, qos: 1 }] });
      await d.next((p) => p.cmd === 'suback');
      return d;
    }));
    stuck!.socket.pause();
    const admin = await mqtt.connectAsync(hub.adminUrl(), { protocolVersion: 4, reconnectPeriod: 0 });
    const count = 160; // 160 x 64 KB: more than loopback socket buffers hold
    for (let i = 0; i < count; i++) admin.publish(shard, Buffer.alloc(65_536, i), { qos: 1 });
    await waitFor(() => reader!.publishes().length === count);
    stuck!.socket.resume();
    await waitFor(() => stuck!.publishes().length === count);
    for (const d of [reader!, stuck!]) {
      const pubs = d.publishes();
      pubs.forEach((p, i) => {
        assert.ok(p.payload.length === 65_536 && (p.payload as Buffer).every((b) => b === (i & 0xff)), `message ${i} intact`);
        if (i > 0) assert.equal(p.messageId, (pubs[i - 1]!.messageId! % 65535) + 1, 'packet ids in sequence, none borrowed from the other device');
      });
    }
    await admin.endAsync();
    await Promise.all([stuck!.close(), reader!.close()]);
  });
});
