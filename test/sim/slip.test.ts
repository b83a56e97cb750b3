// The shared SLIP codec (core/protocol/slip.ts): framing, escapes, packets split and joined across chunks,
// noise outside packets, broken escapes, and the Transform streams.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { SlipDecoder, SlipDecoderStream, SlipEncoderStream, slipEncode } from '../../core/protocol/slip.ts';

test('encoding escapes 0xC0 and 0xDB and frames with 0xC0', () => {
  assert.deepEqual([...slipEncode(Buffer.from([1, 0xc0, 2, 0xdb, 3]))], [0xc0, 1, 0xdb, 0xdc, 2, 0xdb, 0xdd, 3, 0xc0]);
  assert.deepEqual([...slipEncode(Buffer.alloc(0))], [0xc0, 0xc0]);
});

test('decoding gets packets back whatever the chunking, and reports the noise between them', () => {
  const packets = Array.from({ length: 20 }, (_, i) => randomBytes(1 + i * 37));
  const wire = Buffer.concat([Buffer.from('boot noise\r\n'), ...packets.map((p) => slipEncode(p))]);
  for (const size of [1, 2, 7, 100, wire.length]) {
    const noise: Buffer[] = [];
    const d = new SlipDecoder({ onNoise: (n) => noise.push(n) });
    const got: Buffer[] = [];
    for (let i = 0; i < wire.length; i += size) got.push(...d.feed(wire.subarray(i, i + size)));
    assert.equal(got.length, packets.length, `chunks of ${size}`);
    got.forEach((p, i) => assert.ok(p.equals(packets[i]!)));
    assert.equal(Buffer.concat(noise).toString(), 'boot noise\r\n');
  }
});

test('a bad escape or an oversized packet drops that packet only', () => {
  const errors: string[] = [];
  const d = new SlipDecoder({ maxPacket: 8, onError: (e) => errors.push(e) });
  const got = d.feed(Buffer.concat([
    Buffer.from([0xc0, 1, 0xdb, 0x01, 2, 0xc0]),
    slipEncode(Buffer.alloc(9, 7)),
    slipEncode(Buffer.from([9, 9])),
  ]));
  assert.deepEqual(got.map((p) => [...p]), [[9, 9]]);
  assert.deepEqual(errors, ['bad SLIP escape 0xDB 0x01', 'SLIP packet longer than 8 bytes']);
});

test('the Transform streams frame each chunk and emit whole packets', async () => {
  const enc = new SlipEncoderStream();
  const dec = new SlipDecoderStream();
  enc.pipe(dec);
  const got: Buffer[] = [];
  dec.on('data', (p: Buffer) => got.push(p));
  const sent = [Buffer.from([0xc0, 0xdb]), Buffer.from('OHAI'), randomBytes(3000)];
  for (const p of sent) enc.write(p);
  enc.end();
  await new Promise((r) => dec.once('end', r));
  assert.equal(got.length, 3);
  got.forEach((p, i) => assert.ok(p.equals(sent[i]!)));
});
