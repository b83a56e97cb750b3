// The hub's held messages (host/hub/outbox.ts) and how the journal writes them
// (host/hub/journal-store.ts): the cap, the order, acknowledgement by packet id, and that a message
// acknowledged quickly never reaches the disk while one that waits does, and comes back after a restart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Level } from 'level';
import { Outboxes, type HeldPacket } from '../../host/hub/outbox.ts';
import { JournaledPersistence } from '../../host/hub/journal-store.ts';

let counter = 0;
const message = (text: string): HeldPacket => ({ cmd: 'publish', topic: 'espkit/esp32-000001/push', payload: Buffer.from(text), qos: 1, brokerId: 'hub-test', brokerCounter: ++counter });

test('a client that is away has its queue capped, keeping the first; one that is online does not', () => {
  const drops: [string, number][] = [];
  let online = false;
  const boxes = new Outboxes({ queueLimit: 2, isOnline: () => online, onDrop: (id, held) => drops.push([id, held]) });
  for (const t of ['a', 'b', 'c', 'd']) boxes.enqueue('dev', message(t));
  assert.equal(boxes.held('dev'), 2);
  assert.equal(boxes.dropped('dev'), 2);
  assert.deepEqual(drops, [['dev', 2]], 'told once per overflow run');
  assert.deepEqual(boxes.list('dev').map((p) => p.payload.toString()), ['a', 'b']);
  online = true;
  boxes.enqueue('dev', message('e'));
  assert.equal(boxes.held('dev'), 3, 'in flight to a connected client is not capped');
  assert.equal(boxes.held('other'), 0);
});

test('messages are known by packet id once sent, let go by PUBACK, and shared between clients', () => {
  const boxes = new Outboxes({ queueLimit: 10, isOnline: () => true });
  const m = message('shared');
  boxes.enqueue('one', m);
  boxes.enqueue('two', m);
  const other = message('second');
  boxes.enqueue('one', other);
  assert.equal(boxes.update('one', { ...m, messageId: 17 }), true);
  assert.equal(boxes.update('one', { ...message('never held'), messageId: 18 }), false);
  assert.deepEqual(boxes.list('one').map((p) => p.messageId), [17, undefined]);
  assert.equal(boxes.list('two')[0]!.messageId, undefined, "one client's packet id is not another's");
  assert.equal(boxes.acknowledge('one', 99), undefined);
  assert.equal(boxes.acknowledge('one', 17)?.packet, m);
  assert.equal(boxes.discard('one', other)?.packet, other, 'an unsent message goes by its broker counter');
  assert.equal(boxes.held('one'), 0);
  assert.equal(boxes.held('two'), 1);
});

test('the journal writes only messages that wait a full tick, deletes them once acknowledged, and restores the rest', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'espkit-outbox-'));
  const options = { queueLimit: 100, isOnline: () => false };
  const keys = async (db: Level<string, Buffer>): Promise<string[]> => (await db.keys().all()).filter((k) => k.startsWith('o:'));
  try {
    let db = new Level<string, Buffer>(dir);
    let store = new JournaledPersistence(db, options);
    await store.setup({ id: 'hub-test' });
    const quick = message('acknowledged at once');
    const slow = message('waits');
    await store.outgoingEnqueueCombi([{ clientId: 'esp32-000001' }], quick);
    await store.outgoingEnqueueCombi([{ clientId: 'esp32-000001' }], slow);
    store.tick(); // both are too young to write
    await store.settle();
    assert.equal((await keys(db)).length, 0);
    assert.equal(store.recordSent('esp32-000001', { ...quick, messageId: 1 }), true);
    assert.ok(store.acknowledge('esp32-000001', 1));
    store.tick(); // the one still held has now waited a full tick
    await store.settle();
    assert.deepEqual((await keys(db)).length, 1, 'only the message that waited is written');
    await store.destroy();

    db = new Level<string, Buffer>(dir);
    store = new JournaledPersistence(db, options);
    await store.setup({ id: 'hub-test-2' });
    assert.deepEqual(store.outboxes.list('esp32-000001').map((p) => p.payload.toString()), ['waits']);
    store.outboxes.update('esp32-000001', { ...slow, messageId: 5 });
    assert.ok(store.acknowledge('esp32-000001', 5));
    await store.flush();
    assert.deepEqual(await keys(db), [], 'acknowledged after a restart: deleted from the journal');
    await store.destroy();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
