// The MQTT session's dead-link detection and QoS 1 retries, against a broker that accepts the device and
// then goes quiet: no PINGRESP and no PUBACK. The device must notice the missing PINGRESP, reconnect, and
// send its unacknowledged publish again, flagged DUP with the same packet id.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Socket } from 'node:net';
import { once } from 'node:events';
import mqttPacket from 'mqtt-packet';
import { startTestBoard, deployTo, labSettings, lineMatching } from './device.ts';

interface Seen {
  connection: number;
  cmd: string;
  packet: Record<string, unknown>;
}

test('a broker that stops answering is detected by the PINGRESP deadline; the QoS 1 publish is resent with DUP', async () => {
  const seen: Seen[] = [];
  const sockets = new Set<Socket>();
  let connections = 0;
  const server = createServer((socket) => {
    const connection = ++connections;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    const parser = mqttPacket.parser({ protocolVersion: 4 });
    parser.on('packet', (p) => {
      const packet = p as unknown as Record<string, unknown> & { cmd: string; messageId?: number };
      seen.push({ connection, cmd: packet.cmd, packet });
      if (packet.cmd === 'connect') socket.write(mqttPacket.generate({ cmd: 'connack', returnCode: 0, sessionPresent: connection > 1 }));
      if (packet.cmd === 'subscribe') socket.write(mqttPacket.generate({ cmd: 'suback', messageId: packet.messageId!, granted: [1, 1] }));
      // PUBLISH and PINGREQ get no answer
    });
    socket.on('data', (d) => parser.parse(d));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as { port: number }).port;
  const board = await startTestBoard();
  try {
    await deployTo(board, labSettings(`mqtt://127.0.0.1:${port}`, { keepalive: 2 }));
    await lineMatching(board, /espkit mqtt connected/);
    const down = await lineMatching(board, /espkit mqtt down/, 20_000);
    assert.match(down, /no PINGRESP within 3 s/);
    await lineMatching(board, /espkit mqtt connected[^\n]*\n[\s\S]*espkit mqtt connected|espkit mqtt connected .*session resumed/, 20_000);

    const first = seen.filter((s) => s.connection === 1);
    const connect = first.find((s) => s.cmd === 'connect')!.packet;
    assert.equal(connect.clean, false);
    assert.equal(connect.keepalive, 2);
    assert.ok(first.some((s) => s.cmd === 'pingreq'), 'a PINGREQ was sent');
    const status = first.find((s) => s.cmd === 'publish')!.packet as { topic: string; qos: number; retain: boolean; dup: boolean; messageId: number };
    assert.equal(status.topic, `espkit/${board.deviceId}/status`);
    assert.equal(status.qos, 1);
    assert.equal(status.retain, true);
    assert.equal(status.dup, false);
    // on the next connection the unacknowledged publish comes again, same id, DUP set
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && !seen.some((s) => s.connection === 2 && s.cmd === 'publish' && s.packet.dup === true)) {
      await new Promise((r) => setTimeout(r, 20));
    }
    const again = seen.find((s) => s.connection === 2 && s.cmd === 'publish' && s.packet.dup === true)?.packet;
    assert.ok(again, `resent publish on the new connection; seen ${JSON.stringify(seen.map((s) => [s.connection, s.cmd]))}`);
    assert.equal(again.messageId, status.messageId);
    assert.equal(again.topic, status.topic);
  } finally {
    await board.close();
    for (const s of sockets) s.destroy();
    server.close();
  }
});
