import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, readFileSync, writeFileSync, appendFileSync, statSync, chmodSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DiskQueue } from '../../host/bridge/disk-queue.ts';
import { EspkitError } from '../../core/errors.ts';

function tempDir(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'espkit-queue-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const buf = (s: string): Buffer => Buffer.from(s, 'latin1');

test('records come out in the order they went in, any bytes included', (t) => {
  const q = DiskQueue.open(join(tempDir(t), 'sub', 'dev.queue'));
  const items = ['one', '', 'three\nwith LF', '\x00\xff\x1b[2J'];
  for (const s of items) q.push(buf(s));
  assert.equal(q.length, 4);
  assert.equal(q.peek()?.toString('latin1'), 'one');
  assert.deepEqual([q.shift(), q.shift(), q.shift(), q.shift()].map((b) => b?.toString('latin1')), items);
  assert.equal(q.shift(), undefined);
  q.close();
});

test('what is left survives a close and reopen, and a drained queue leaves an empty file', (t) => {
  const file = join(tempDir(t), 'dev.queue');
  const q = DiskQueue.open(file);
  for (let i = 0; i < 10; i++) q.push(buf(`line ${i}`));
  q.shift();
  q.shift();
  q.close();
  const again = DiskQueue.open(file);
  assert.equal(again.length, 8);
  assert.equal(again.shift()?.toString(), 'line 2');
  while (again.length > 0) again.shift();
  assert.equal(statSync(file).size, 0);
  again.push(buf('fresh'));
  again.close();
  const third = DiskQueue.open(file);
  assert.deepEqual([third.shift()?.toString(), third.length], ['fresh', 0]);
  third.close();
});

test('a full queue drops the oldest records and counts them, also when reopened smaller', (t) => {
  const file = join(tempDir(t), 'dev.queue');
  const q = DiskQueue.open(file, { maxEntries: 3 });
  for (let i = 0; i < 5; i++) q.push(buf(`l${i}`));
  assert.equal(q.dropped, 2);
  assert.equal(q.length, 3);
  q.close();
  const small = DiskQueue.open(file, { maxEntries: 2 });
  assert.equal(small.dropped, 1);
  assert.deepEqual([small.shift()?.toString(), small.shift()?.toString()], ['l3', 'l4']);
  small.close();
});

test('a torn last record (the bridge died mid-write) is dropped, the rest kept', (t) => {
  const file = join(tempDir(t), 'dev.queue');
  const q = DiskQueue.open(file);
  q.push(buf('kept'));
  q.close();
  appendFileSync(file, 'dG9y'); // "tor" in base64, with no newline
  const again = DiskQueue.open(file);
  assert.equal(again.length, 1);
  again.push(buf('next'));
  assert.deepEqual([again.shift()?.toString(), again.shift()?.toString()], ['kept', 'next']);
  again.close();
});

test('a head that points into the middle of a record is not trusted', (t) => {
  const file = join(tempDir(t), 'dev.queue');
  const q = DiskQueue.open(file);
  q.push(buf('aaaa'));
  q.push(buf('bbbb'));
  q.close();
  writeFileSync(`${file}.head`, '3');
  const again = DiskQueue.open(file);
  assert.equal(again.length, 2);
  again.close();
});

test('prepend puts records back before everything queued', (t) => {
  const q = DiskQueue.open(join(tempDir(t), 'dev.queue'));
  q.push(buf('c'));
  q.prepend([buf('a'), buf('b')]);
  q.push(buf('d'));
  assert.deepEqual([1, 2, 3, 4].map(() => q.shift()?.toString()), ['a', 'b', 'c', 'd']);
  q.close();
});

test('a long-lived queue is compacted once what was taken dominates the file', (t) => {
  const file = join(tempDir(t), 'dev.queue');
  const q = DiskQueue.open(file, { maxEntries: 100_000 });
  const payload = 'x'.repeat(1000);
  for (let i = 0; i < 2000; i++) q.push(buf(`${i}:${payload}`));
  const before = statSync(file).size;
  for (let i = 0; i < 1500; i++) assert.equal(q.shift()?.toString().split(':')[0], String(i));
  assert.ok(statSync(file).size < before, 'the file shrank');
  q.close();
  const again = DiskQueue.open(file, { maxEntries: 100_000 });
  assert.equal(again.length, 500);
  assert.equal(again.shift()?.toString().split(':')[0], '1500');
  again.close();
  assert.equal(readFileSync(`${file}.head`, 'utf8').length > 0, true);
});

test('an unusable queue path is one clear error', (t) => {
  const dir = tempDir(t);
  const blocker = join(dir, 'not-a-dir');
  writeFileSync(blocker, 'x');
  assert.throws(() => DiskQueue.open(join(blocker, 'dev.queue')), (err: unknown) => {
    assert.ok(err instanceof EspkitError);
    assert.match(err.message, /^cannot use the queue file .*not-a-dir\/dev\.queue: /);
    assert.ok(!err.message.includes('\n'));
    return true;
  });
  if (process.getuid?.() !== 0) {
    const locked = join(dir, 'locked');
    mkdirSync(locked);
    chmodSync(locked, 0o500);
    t.after(() => chmodSync(locked, 0o700));
    assert.throws(() => DiskQueue.open(join(locked, 'dev.queue')), /cannot use the queue file/);
  }
  assert.throws(() => DiskQueue.open(join(dir, 'q'), { maxEntries: 0 }), /bad queue size 0/);
});
