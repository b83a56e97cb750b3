// Sessions: pushes wait for a device that is away, survive a hub restart (durable store), are capped
// per device, expire by ttl; one stuck subscriber does not stall everyone else.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import mqtt from 'mqtt';
import { startHub, type Hub } from '../../host/hub/hub.ts';
import { Credentials } from '../../host/hub/credentials.ts';
import { withDir, device } from './fleet-fixture.ts';

/** Resolves when the fleet sees the device go offline (its connection closed at the hub). */
function offline(hub: Hub, id: string): Promise<void> {
  return new Promise((resolve) => {
    const check = (): void => {
      if (hub.fleet.device(id)?.online === false) {
        hub.fleet.off('device', check);
        resolve();
      }
    };
    hub.fleet.on('device', check);
    check();
  });
}

test('a push to an offline device is delivered, in order, when it returns', async () => {
  const hub = await startHub({ host: '127.0.0.1', mqttPort: 0, httpPort: 0 });
  try {
    const dev = await device(hub, 'esp32-100001');
    const gone = offline(hub, 'esp32-100001');
    await dev.drop();
    await gone;
    const first = await hub.push('esp32-100001', 'while away 1');
    const second = await hub.push('esp32-100001', 'while away 2');
    assert.equal(first.state, 'pending');
    const back = await device(hub, 'esp32-100001', { subscribe: false }); // the session remembers
    await back.nextPush('while away 2');
    assert.deepEqual(back.pushes.map((p) => p.msg), ['while away 1', 'while away 2']);
    await waitFor(() => hub.fleet.push(second.id)?.state === 'delivered');
    assert.equal(hub.fleet.push(first.id)?.state, 'delivered');
    await back.end();
  } finally {
    await hub.close();
  }
});

test('sessions and queued pushes survive a hub restart', async () => {
  await withDir(async (dir) => {
    const credentials = Credentials.load(dir);
    let hub = await startHub({ dataDir: dir, host: '127.0.0.1', mqttPort: 0, httpPort: 0, credentials });
    const stay = await device(hub, 'esp32-200001');
    const away = await device(hub, 'esp32-200002');
    const gone = offline(hub, 'esp32-200002');
    await away.drop();
    await gone;
    const queued = await hub.push('esp32-200002', 'queued before the restart');
    await stay.drop();
    await hub.close();

    hub = await startHub({ dataDir: dir, host: '127.0.0.1', mqttPort: 0, httpPort: 0, credentials });
    try {
      // The push history and the devices' retained statuses came back from the store.
      assert.equal(hub.fleet.push(queued.id)?.msg, 'queued before the restart');
      assert.ok(hub.fleet.devices().some((d) => d.id === 'esp32-200001'));
      assert.equal(hub.queues.held('esp32-200002'), 1, 'the queue cap counts what the journal holds');
      // Neither device subscribes again: their sessions hold the subscriptions.
      const away2 = await device(hub, 'esp32-200002', { subscribe: false });
      assert.equal((await away2.nextPush('queued before the restart')).id, queued.id);
      const stay2 = await device(hub, 'esp32-200001', { subscribe: false });
      await hub.push('esp32-200001', 'after the restart');
      await stay2.nextPush('after the restart');
      await hub.push('all', 'broadcast after the restart');
      await stay2.nextPush('broadcast after the restart');
      await away2.nextPush('broadcast after the restart');
      await waitFor(() => hub.fleet.push(queued.id)?.state === 'delivered');
      await stay2.end();
      await away2.end();
    } finally {
      await hub.close();
    }
  });
});

test('each device\'s offline queue is capped; the first pushes are kept', async () => {
  const drops: string[] = [];
  const hub = await startHub({ host: '127.0.0.1', mqttPort: 0, httpPort: 0, queueLimit: 3, log: (l) => drops.push(l) });
  try {
    const dev = await device(hub, 'esp32-300001');
    const gone = offline(hub, 'esp32-300001');
    await dev.drop();
    await gone;
    for (let i = 1; i <= 6; i++) await hub.push('esp32-300001', `queued ${i}`);
    assert.equal(hub.queues.held('esp32-300001'), 3);
    assert.equal(hub.queues.dropped('esp32-300001'), 3);
    assert.ok(drops.some((l) => l.includes('the queue of esp32-300001 is full')));
    const back = await device(hub, 'esp32-300001', { subscribe: false });
    await back.nextPush('queued 3');
    // Once back, new pushes flow again.
    await hub.push('esp32-300001', 'after return');
    await back.nextPush('after return');
    assert.deepEqual(back.pushes.map((p) => p.msg), ['queued 1', 'queued 2', 'queued 3', 'after return']);
    await waitFor(() => hub.queues.held('esp32-300001') === 0);
    await back.end();
  } finally {
    await hub.close();
  }
});

test('a queued push whose ttl passed is not delivered', async () => {
  const hub = await startHub({ host: '127.0.0.1', mqttPort: 0, httpPort: 0 });
  try {
    const dev = await device(hub, 'esp32-400001');
    const gone = offline(hub, 'esp32-400001');
    await dev.drop();
    await gone;
    // Made 2 s ago with a 1 s ttl: already stale when the device returns.
    const admin = await mqtt.connectAsync(hub.adminUrl(), { protocolVersion: 4, reconnectPeriod: 0 });
    await admin.publishAsync('espkit/esp32-400001/push', JSON.stringify({ id: 'stale1', msg: 'stale', ts: Date.now() - 2000, ttl: 1 }), { qos: 1 });
    await admin.endAsync();
    await hub.push('esp32-400001', 'fresh');
    const back = await device(hub, 'esp32-400001', { subscribe: false });
    await back.nextPush('fresh');
    assert.deepEqual(back.pushes.map((p) => p.msg), ['fresh']);
    await waitFor(() => hub.queues.held('esp32-400001') === 0);
    await back.end();
  } finally {
    await hub.close();
  }
});

test('a subscriber that stops reading is dropped after drainTimeout and the others keep getting pushes', async () => {
  const notes: string[] = [];
  const hub = await startHub({ host: '127.0.0.1', mqttPort: 0, httpPort: 0, drainTimeoutMs: 500, log: (l) => notes.push(l) });
  try {
    const healthy = await device(hub, 'esp32-500001');
    const stuck = await device(hub, 'esp32-500002');
    // The stuck device's socket stops reading: the hub's writes to it fill the kernel buffers.
    const socket = (stuck.client as unknown as { stream: NodeJS.ReadableStream }).stream;
    socket.pause();
    const dropped = offline(hub, 'esp32-500002');
    // Broadcasts big enough to fill its buffers (the contract's limit is for devices; the admin may send more).
    const admin = await mqtt.connectAsync(hub.adminUrl(), { protocolVersion: 4, reconnectPeriod: 0 });
    const big = JSON.stringify({ id: 'big', msg: 'x'.repeat(200_000), ts: Date.now(), ttl: 0 });
    for (let i = 0; i < 150; i++) admin.publish(`espkit/esp32-500002/push`, big, { qos: 1 });
    await hub.push('esp32-500001', 'still flowing');
    await healthy.nextPush('still flowing');
    await dropped;
    await admin.endAsync();
    await healthy.end();
    stuck.client.end(true);
  } finally {
    await hub.close();
  }
});

async function waitFor(cond: () => boolean, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
