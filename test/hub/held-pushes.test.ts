// Pushes held for a device whose session has no push subscription yet (host/hub/held-pushes.ts) outlive a
// hub restart like queued ones do: written to the session store before the publish that held them
// completes, read back at start, published once the device subscribes, and still capped per device.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Level } from 'level';
import { startHub, type Hub, type HubOptions } from '../../host/hub/hub.ts';
import { HeldPushes } from '../../host/hub/held-pushes.ts';
import { Credentials } from '../../host/hub/credentials.ts';
import { connectDevice } from '../../bench/support/device-client.ts';
import { withDir, device, fleetSees, delivered } from './fleet-fixture.ts';

const SERVER = fileURLToPath(new URL('./hub-process.ts', import.meta.url));

test('pushes held for a device that never subscribed survive a hub restart and reach it once it subscribes', async () => {
  await withDir(async (dir) => {
    const id = 'esp32-b00001';
    const options: HubOptions = { dataDir: dir, host: '127.0.0.1', mqttPort: 0, httpPort: 0, credentials: Credentials.load(dir) };
    let hub = await startHub(options);
    let first: string;
    let second: string;
    try {
      // connected but not subscribed: the broker matches the push to nobody, the hub holds it
      const bare = await device(hub, id, { subscribe: false });
      const sent1 = await hub.push(id, 'held while connected');
      assert.equal(sent1.state, 'pending');
      // gone, its kept session still without a push subscription: held as well
      const gone = fleetSees(hub, id, (online) => !online);
      await bare.drop();
      await gone;
      const sent2 = await hub.push(id, 'held while away');
      assert.equal(sent2.state, 'pending');
      assert.equal(hub.heldPushes.count(id), 2);
      first = sent1.id;
      second = sent2.id;
    } finally {
      await hub.close();
    }

    hub = await startHub(options);
    try {
      assert.equal(hub.heldPushes.count(id), 2, 'the held pushes came back from the store');
      const back = await device(hub, id); // subscribes: the held pushes go out
      await delivered(hub, first);
      await delivered(hub, second);
      assert.deepEqual(back.pushes.map((p) => p.id), [first, second], 'both, in the order they were sent');
      assert.equal(hub.heldPushes.count(id), 0);
      const after = await hub.push(id, 'after');
      await delivered(hub, after.id);
      assert.deepEqual(back.pushes.map((p) => p.msg), ['held while connected', 'held while away', 'after'], 'once each');
      await back.end();
    } finally {
      await hub.close();
    }

    // released pushes are gone from the store too: a third run holds nothing
    hub = await startHub(options);
    try {
      assert.equal(hub.heldPushes.count(id), 0);
    } finally {
      await hub.close();
    }
  });
});

test('the limit on held pushes counts those kept from before a restart', async () => {
  await withDir(async (dir) => {
    const id = 'esp32-b00002';
    const notes: string[] = [];
    const options: HubOptions = {
      dataDir: dir, host: '127.0.0.1', mqttPort: 0, httpPort: 0, credentials: Credentials.load(dir), queueLimit: 2, log: (l) => notes.push(l),
    };
    let hub = await startHub(options);
    try {
      const bare = await device(hub, id, { subscribe: false });
      const gone = fleetSees(hub, id, (online) => !online);
      await bare.drop();
      await gone;
      await hub.push(id, 'held 1');
      await hub.push(id, 'held 2');
      assert.equal(hub.heldPushes.count(id), 2);
    } finally {
      await hub.close();
    }

    hub = await startHub(options);
    try {
      assert.equal(hub.heldPushes.count(id), 2);
      assert.ok(!notes.some((l) => l.includes('already wait for')), 'nothing dropped before the restart');
      await hub.push(id, 'over the limit');
      assert.equal(hub.heldPushes.count(id), 2);
      assert.ok(notes.some((l) => l.includes(`2 pushes already wait for ${id} to subscribe to its push topic`)), notes.join('\n'));
      const back = await device(hub, id);
      await back.nextPush('held 2');
      const after = await hub.push(id, 'after');
      await delivered(hub, after.id);
      assert.deepEqual(back.pushes.map((p) => p.msg), ['held 1', 'held 2', 'after'], 'the first ones kept, the one over the limit dropped');
      await back.end();
    } finally {
      await hub.close();
    }
  });
});

test('a held push survives a hub that dies the moment its push call returned', async () => {
  await withDir(async (dir) => {
    const id = 'esp32-b00003';
    const credentials = Credentials.load(dir);
    // the child kills itself in the turn hub.push returns: only what the hold wrote by then is on disk
    const child = spawn(process.execPath, ['--import', 'tsx', SERVER, dir, '--die-after-push'], { stdio: ['pipe', 'pipe', 'inherit'] });
    const exited = once(child, 'exit');
    try {
      const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
      const url = (JSON.parse((await lines.next()).value as string) as { mqtt: string }).mqtt;
      const bare = await connectDevice(id, { url, password: credentials.devicePassword(id), subscribe: false });
      await bare.drop();
      child.stdin!.write(`${id} before the kill\n`);
      const answer = (await lines.next()).value as string;
      const pushId = /^written ([0-9a-f]+)$/.exec(answer)?.[1];
      assert.ok(pushId, answer);
      await exited;

      const hub = await startHub({ dataDir: dir, host: '127.0.0.1', mqttPort: 0, httpPort: 0, credentials });
      try {
        assert.equal(hub.heldPushes.count(id), 1);
        const back = await device(hub, id);
        assert.equal((await back.nextPush('before the kill')).id, pushId);
        await back.end();
      } finally {
        await hub.close();
      }
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL'); // an assertion failed before it died
    }
  });
});

test('a held push is in the store once hold resolves; one the kept session queued is never written', async () => {
  await withDir(async (dir) => {
    const db = new Level<string, Buffer>(join(dir, 'db'));
    await db.open();
    const stored = async (): Promise<string[]> => {
      const out: string[] = [];
      for await (const v of db.sublevel<string, Buffer>('espkit-held', { valueEncoding: 'buffer' }).values()) out.push(v.toString());
      return out;
    };
    try {
      const held = await HeldPushes.open({ db, limit: 10, log: () => {} });
      await held.hold('dev:1', Buffer.from('a'));
      assert.deepEqual(await stored(), ['a']);
      await held.holdUnlessQueued('dev:1', Buffer.from('queued'), Promise.resolve(true));
      await held.holdUnlessQueued('dev:1', Buffer.from('b'), Promise.resolve(false));
      assert.deepEqual(await stored(), ['a', 'b']);
      await held.hold('other', Buffer.from('c'));
      assert.deepEqual(held.release('other').map(String), ['c']);
      await held.settle();
      assert.deepEqual(await stored(), ['a', 'b']);

      // read back in order, and what is held later comes after it
      const again = await HeldPushes.open({ db, limit: 10, log: () => {} });
      assert.equal(again.count('dev:1'), 2);
      await again.hold('dev:1', Buffer.from('d'));
      assert.deepEqual(again.release('dev:1').map(String), ['a', 'b', 'd']);
      await again.settle();
      assert.deepEqual(await stored(), []);
    } finally {
      await db.close();
    }
  });
});
