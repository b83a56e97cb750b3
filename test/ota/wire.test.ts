// The OTA wire contract's pure parts: topics, manifests, requests, states, chunk headers; and the image
// CRC the hub announces equals what E.CRC32 gives over the file in Storage on the real interpreter.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  decodeChunk, encodeChunk, manifestProblem, manifestTargets, otaChunkTopic, otaGetTopic, otaManifestTopic, otaStateTopic,
  parseGet, parseManifest, parseOtaState, parseOtaTopic, type OtaManifest,
} from '../../core/wire/ota.ts';
import { crc32 } from '../../core/codec/crc32.ts';
import { runOnEspruino } from '../../core/espruino/binary.ts';
import { needsRealEspruino, realEspruino } from '../helpers/espruino.ts';

const manifest: OtaManifest = { version: '1.2.0', size: 3000, crc: 0xdeadbeef, chunk: 1024, trial: 60_000, targets: ['esp32-1', 'esp32-2'] };

test('topics are built and parsed back; other topics and wildcards are not OTA topics', () => {
  assert.equal(otaManifestTopic('espkit'), 'espkit/ota/manifest');
  assert.equal(otaGetTopic('lab/espkit', 'dev-1'), 'lab/espkit/dev-1/ota/get');
  assert.deepEqual(parseOtaTopic('espkit', otaChunkTopic('espkit', 'esp32-1')), { kind: 'chunk', device: 'esp32-1' });
  assert.deepEqual(parseOtaTopic('lab/espkit', otaStateTopic('lab/espkit', 'dev-1')), { kind: 'state', device: 'dev-1' });
  assert.deepEqual(parseOtaTopic('espkit', 'espkit/ota/manifest'), { kind: 'manifest' });
  for (const t of ['espkit/+/ota/chunk', 'espkit/all/ota/get', 'espkit/x/ota/other', 'espkit/x/push', 'other/ota/manifest', 'espkit/ota/#']) {
    assert.equal(parseOtaTopic('espkit', t), undefined, t);
  }
});

test('manifests: a good one round-trips, bad ones are named in one line, a cleared one parses to nothing', () => {
  assert.deepEqual(parseManifest(JSON.stringify(manifest)), manifest);
  assert.deepEqual(parseManifest(JSON.stringify({ ...manifest, targets: 'all', shards: [3] })), { ...manifest, targets: 'all', shards: [3] });
  assert.equal(parseManifest(''), undefined);
  assert.equal(parseManifest('{not json'), undefined);
  assert.match(manifestProblem({ ...manifest, chunk: 2048 })!, /chunk 2048 must be 1\.\.1024/);
  assert.match(manifestProblem({ ...manifest, version: 'a b' })!, /without spaces/);
  assert.match(manifestProblem({ ...manifest, crc: -1 })!, /unsigned 32-bit/);
  assert.match(manifestProblem({ ...manifest, targets: ['esp32-1', 'Bad/Id'] })!, /"Bad\/Id" is not a device id/);
  assert.equal(parseManifest(JSON.stringify({ ...manifest, size: 0 })), undefined);
});

test('a manifest targets listed devices, every device, or the devices of its shards', () => {
  assert.ok(manifestTargets(manifest, 'esp32-1'));
  assert.ok(!manifestTargets(manifest, 'esp32-3'));
  assert.ok(manifestTargets({ ...manifest, targets: 'all' }, 'esp32-3'));
  assert.ok(manifestTargets({ ...manifest, targets: [], shards: [5] }, 'esp32-3', 5));
  assert.ok(!manifestTargets({ ...manifest, targets: [], shards: [5] }, 'esp32-3', 4));
  assert.ok(!manifestTargets({ ...manifest, targets: [], shards: [5] }, 'esp32-3'));
});

test('requests and states parse; malformed ones do not', () => {
  assert.deepEqual(parseGet('{"v":"1.2.0","from":2048}'), { v: '1.2.0', from: 2048 });
  for (const bad of ['{"v":"1","from":-1}', '{"from":0}', '[]', 'x']) assert.equal(parseGet(bad), undefined, bad);
  assert.deepEqual(parseOtaState('{"v":"1.2.0","state":"downloading","have":4096}'), { v: '1.2.0', state: 'downloading', have: 4096 });
  assert.deepEqual(parseOtaState('{"v":"1.2.0","state":"rolled-back","reason":"no WiFi"}'), { v: '1.2.0', state: 'rolled-back', reason: 'no WiFi' });
  assert.equal(parseOtaState('{"v":"1.2.0","state":"done"}'), undefined);
  assert.equal(parseOtaState(''), undefined);
});

test('a chunk is its header and the raw bytes, every byte value kept', () => {
  const data = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
  const wire = encodeChunk('1.2.0', 2048, data);
  assert.equal(wire.subarray(0, 11).toString('latin1'), '1.2.0 2048\n');
  assert.deepEqual(decodeChunk(wire), { version: '1.2.0', offset: 2048, data });
  assert.deepEqual(decodeChunk(encodeChunk('1.2.0', 0, Buffer.alloc(0)))?.data.length, 0);
  for (const bad of ['no header at all', '1.2.0 x\nabc', ' 12\nabc', '1.2.0 12 3\nabc']) assert.equal(decodeChunk(Buffer.from(bad)), undefined, bad);
});

test('the manifest crc equals E.CRC32 over the image read back from Storage', { skip: needsRealEspruino }, async () => {
  // Every byte value, twice, and a text part: the image is JavaScript but the CRC must not care.
  const image = Buffer.concat([Buffer.from(Array.from({ length: 512 }, (_, i) => i & 0xff)), Buffer.from('print("hello");\n'.repeat(40))]);
  const bytes = JSON.stringify([...image]);
  const code = `var S=require("Storage");S.erase("img");var b=new Uint8Array(${bytes});` +
    `S.write("img",b.slice(0,600),0,b.length);S.write("img",b.slice(600),600);print("CRC="+E.CRC32(S.read("img")));`;
  const run = await runOnEspruino(realEspruino!, code, { timeoutMs: 20_000 });
  assert.match(run.output, /CRC=(\d+)/);
  assert.equal(Number(/CRC=(\d+)/.exec(run.output)![1]), crc32(image));
});
