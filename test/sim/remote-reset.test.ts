// The RFC 2217 endpoint's handling of reset sequences (sim/endpoints/remote-reset.ts): the line levels the
// board's reset circuit gets for the command orders esptool.py (through pyserial), esptool-js (through a link
// that sends both lines) and a monitor send. No timing here: the order of commands is what decides.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ModemSignals } from '../../core/link.ts';
import { RemoteResetLines } from '../../sim/endpoints/remote-reset.ts';

type Step = ['dtr' | 'rts', boolean];
const show = (l: ModemSignals): string => `${l.dtr ? 'D' : 'd'}${l.rts ? 'R' : 'r'}`;

function play(steps: Step[]): string[] {
  const seen: string[] = [];
  const lines = new RemoteResetLines((l) => seen.push(show(l)));
  for (const [line, on] of steps) lines.set(line, on);
  return seen;
}

test('pyserial open then esptool.py ClassicReset: EN is released with GPIO0 low in one step, then GPIO0 freed', () => {
  const seen = play([
    ['dtr', true], ['rts', true], // pyserial's open
    ['dtr', false], ['rts', true], ['dtr', false], // hold (the repeat after an RTS change is esptool's)
    ['dtr', true], ['rts', false], ['dtr', true], // release into download
    ['dtr', false],
  ]);
  // Never "DR" (both high: EN released with GPIO0 high) after the hold.
  assert.deepEqual(seen, ['Dr', 'DR', 'dR', 'dR', 'dR', 'Dr', 'dr']);
});

test('esptool-js through a link that sends both lines: the RTS repeat after DTR on changes nothing', () => {
  const seen = play([
    ['dtr', false], ['rts', true], // EN held
    ['dtr', true], ['rts', true], // setDTR(true): the link repeats RTS
    ['dtr', true], ['rts', false], // setRTS(false)
    ['dtr', false], ['rts', false],
  ]);
  assert.deepEqual(seen, ['dr', 'dR', 'Dr', 'dr', 'dr']);
});

test('a hard reset (RTS pulse with DTR off) and a monitor opening with both lines low pass through as sent', () => {
  assert.deepEqual(play([['dtr', false], ['rts', false]]), ['dr', 'dr']);
  assert.deepEqual(play([['dtr', false], ['rts', true], ['dtr', false], ['rts', false], ['dtr', false]]), ['dr', 'dR', 'dR', 'dr', 'dr']);
});

test('RTS raised again after it was lowered is a new reset and ends the download sequence', () => {
  const lines = new RemoteResetLines(() => {});
  for (const [line, on] of [['dtr', false], ['rts', true], ['dtr', true], ['rts', false]] as Step[]) lines.set(line, on);
  assert.equal(show(lines.lines), 'Dr');
  lines.set('rts', true);
  assert.equal(show(lines.lines), 'DR');
  assert.equal(show(lines.requested), 'DR');
});
