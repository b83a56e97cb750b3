import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SerialPort } from 'serialport';
import { openLink } from '../../host/link/index.ts';
import { haveSocat, ptyPair } from '../helpers/socat.ts';
import { collect, patternBytes } from '../helpers/bytes.ts';

const skip = haveSocat() ? false : 'socat is not installed (apt-get install socat)';

test('a serial Link over a socat pty pair moves bytes both ways at 115200', { skip }, async () => {
  const pair = await ptyPair();
  const link = await openLink(pair.a, { baud: 115200 });
  const peer = new SerialPort({ path: pair.b, baudRate: 115200 });
  await new Promise<void>((resolve, reject) => peer.on('open', resolve).on('error', reject));
  try {
    assert.equal(link.kind, 'serial');
    assert.equal(link.baud, 115200);
    const out = patternBytes(8192, 7); // every byte value, 0x00-0xff, including XON/XOFF and 0xff
    const got = collect(peer, (all) => all.length >= out.length);
    await link.send(out);
    assert.deepEqual(await got, out);

    const back = patternBytes(4096, 9);
    const got2 = collect(link, (all) => all.length >= back.length);
    peer.write(back);
    assert.deepEqual(await got2, back);

    // A pty has no modem lines: setting them is not an error, and the Link remembers what was asked.
    await link.setSignals({ dtr: true, rts: false });
    assert.deepEqual(link.signals, { dtr: true, rts: false });
    await link.setBaud(921600);
    assert.equal(link.baud, 921600);
  } finally {
    await link.close();
    await new Promise<void>((resolve) => peer.close(() => resolve()));
    await pair.close();
  }
});

test('a serial Link emits close with lost=true when the device goes away', { skip }, async () => {
  const pair = await ptyPair();
  const link = await openLink(pair.a);
  const closed = new Promise<void>((resolve) => link.once('close', () => resolve()));
  await pair.close(); // socat exits: the pty disappears under us
  // The native binding notices the hang-up on a read or a write; poke it with writes until it does.
  const poke = setInterval(() => { if (!link.destroyed) link.write(Buffer.from('x'), () => {}); }, 100);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error('no close event')), 20_000); });
  try {
    await Promise.race([closed, timeout]);
  } finally {
    clearInterval(poke);
    clearTimeout(timer);
  }
  assert.equal(link.lost, true);
  assert.match(link.lostReason ?? '', /went away|unplugged|closed/);
});
