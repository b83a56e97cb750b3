// Progress text: bar, rate and ETA on a terminal, a few plain lines in a log.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describe, formatBytes, formatDuration, formatElapsed, progressPrinter, transferPrinter } from '../../flasher/progress.ts';
import type { RegionProgress } from '../../flasher/write.ts';

const base: RegionProgress = {
  index: 2, count: 3, name: 'espruino_esp32.bin', address: 0x10000, phase: 'write',
  size: 1_400_000, total: 900_000, sent: 450_000, written: 700_000, elapsedMs: 39_000, attempt: 1,
};

test('a write line: position, bar, bytes, rate and time left', () => {
  assert.equal(describe(base, 10), '[3/3] [#####.....]  50% 683.6 KB/1.34 MB 17.5 KB/s ETA 0:39  espruino_esp32.bin @ 0x10000');
  assert.equal(describe({ ...base, phase: 'skip' }), '[3/3] espruino_esp32.bin @ 0x10000: already on the board, skipped');
  assert.match(describe({ ...base, phase: 'retry', reason: 'the flash MD5 differs' }), /: the flash MD5 differs; writing it again$/);
  assert.equal(formatBytes(512), '512 B');
  assert.equal(formatDuration(3725), '62:05');
  assert.equal(formatDuration(NaN), '--:--');
});

test('in a log: a line per quarter, not one per block', () => {
  const lines: string[] = [];
  const p = progressPrinter({ write: (t) => lines.push(t), isTTY: false });
  for (let sent = 0; sent <= 900_000; sent += 16_384) p.update({ ...base, sent, elapsedMs: sent / 11.5 });
  p.update({ ...base, phase: 'verify', sent: 900_000 });
  p.update({ ...base, phase: 'done', sent: 900_000 });
  p.end();
  const quarter = (l: string): string => { const m = / (\d+)% /.exec(l); return m ? `q${Math.floor(Number(m[1]) / 25)}` : l.split(': ')[1]!.split(' (')[0]!.trim(); };
  assert.deepEqual(lines.map(quarter), ['q0', 'q1', 'q2', 'q3', 'verifying MD5', 'written and verified']);
  assert.ok(lines.every((l) => !l.includes('\r')));
});

test('on a terminal: one line redrawn in place, ended when the region is done', () => {
  const out: string[] = [];
  const p = progressPrinter({ write: (t) => out.push(t), isTTY: true, columns: 100 });
  p.update({ ...base, sent: 0 });
  p.update({ ...base, phase: 'done', sent: 900_000 });
  p.end();
  assert.ok(out[0]!.startsWith('\r\x1b[2K[3/3]'));
  assert.equal(out.filter((t) => t === '\n').length, 1);
  const reads: string[] = [];
  const t = transferPrinter({ write: (s) => reads.push(s), isTTY: false }, 'reading');
  for (let done = 0; done <= 4096; done += 256) t.update(done, 4096, done);
  assert.deepEqual(reads.map((l) => / (\d+)% /.exec(l)![1]), ['0', '25', '50', '75', '100']);
});

test('figures are sane for a region done in a few milliseconds: no "0.0 s" and no rate from a blink', () => {
  // 4 KB that went out as 96 compressed bytes and were verified 40 ms after the write began.
  const quick: RegionProgress = { ...base, name: 'partitions.bin', address: 0x8000, size: 4096, total: 96, sent: 96, written: 4096, elapsedMs: 40, phase: 'done' };
  const line = describe(quick);
  assert.equal(line, '[3/3] partitions.bin @ 0x8000: written and verified (4.0 KB, 96 B compressed, in 40 ms)');
  assert.doesNotMatch(line, /0\.0 s|\/s/);
  // Over a measured stretch, both rates come from the same bytes and the same time as the figures beside them.
  const slow = describe({ ...base, phase: 'done', sent: 900_000, elapsedMs: 40_000 });
  assert.match(slow, /\(1\.34 MB, 878\.9 KB compressed, in 40\.0 s: 34\.2 KB\/s, 22\.0 KB\/s on the wire\)$/);
  // The first block's event carries no rate and no time left yet.
  assert.match(describe({ ...base, sent: 16_384, written: 40_000, elapsedMs: 12 }, 10), / -- KB\/s ETA --:-- /);
  const reads: string[] = [];
  const t = transferPrinter({ write: (l) => reads.push(l), isTTY: false }, 'reading');
  t.update(4096, 4_194_304, 3);
  assert.match(reads[0]!, /reading {3}0% 4\.0 KB\/4\.00 MB -- KB\/s ETA --:--/);
  assert.equal(formatElapsed(0.2), '1 ms');
  assert.equal(formatElapsed(1234), '1.2 s');
});
