// Firmware over WiFi to a fleet through the hub, against the same image sent by unicast: each device gets
// the whole image in one QoS 1 publish on its own chunk topic from the admin login (what a hub without
// chunked pulls would do). Both runs use the same devices (bench/support/ota-device.ts, mqtt.js clients
// following the device contract), each against a fresh hub in its own process.
//
//   node --import tsx bench/ota-fleet.ts [devices] [--size BYTES] [--canary SHARE] [--runs rollout,unicast]
//
// devices: 1000 by default; --size: the image, 16384 bytes by default; --canary: the rollout's first group
// (0 by default: everyone at once, so both runs move the same bytes to the same devices at the same moment).
// Figures: the time from the start (POST /api/ota, or the first unicast publish) until every device runs the
// new version (CRC checked); the bytes the broker sent the devices, counted at each device's socket (the
// same way in both runs: chunks, manifest, PUBACKs and SUBACKs alike); the hub's RSS before the transfer and
// its peak during it (sampled from /proc every 50 ms) and its VmHWM.
import { randomBytes } from 'node:crypto';
import { cpus } from 'node:os';
import mqtt from 'mqtt';
import { Credentials } from '../host/hub/credentials.ts';
import { makeImage, type OtaImage } from '../host/ota/image.ts';
import { rolloutBody } from '../host/ota/request.ts';
import { parseShare } from '../host/ota/share.ts';
import { DEFAULT_PREFIX, DEFAULT_SHARDS } from '../core/wire/push.ts';
import { decodeChunk, encodeChunk, otaChunkTopic, otaStateTopic } from '../core/wire/ota.ts';
import { crc32 } from '../core/codec/crc32.ts';
import { connectOtaDevice, type OtaDevice } from './support/ota-device.ts';
import { rss, startHubProcess } from './support/hub-process.ts';
import { reportRows, type BenchRow } from './report.ts';

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const devicesN = Number(args.find((a) => /^\d+$/.test(a)) ?? 1000);
const size = Number(flag('--size') ?? 16_384);
const canary = parseShare(flag('--canary') ?? '0', '--canary');
const runs = (flag('--runs') ?? 'rollout,unicast').split(',');
const FROM = '1.0.0';
const TO = '2.0.0';
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const log = (s: string): void => void process.stderr.write(`${s}\n`);

async function pool<T>(items: T[], concurrency: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]!);
  }));
}

interface Result {
  run: string;
  seconds: number;
  updated: number;
  /** Bytes the broker sent the devices during the transfer. */
  bytes: number;
  rssBeforeMB: number;
  rssPeakMB: number;
  hwmMB: number;
}

/** The peer's device side: the whole image in one message on its chunk topic, checked and confirmed. */
function takeWholeImage(d: OtaDevice, image: OtaImage, done: () => void): void {
  const chunkTopic = otaChunkTopic(DEFAULT_PREFIX, d.id);
  d.client.on('message', (t, payload) => {
    if (t !== chunkTopic) return;
    const c = decodeChunk(payload);
    if (!c || c.version !== image.version || c.offset !== 0 || c.data.length !== image.bytes.length || crc32(c.data) !== image.crc) return;
    d.client.publish(otaStateTopic(DEFAULT_PREFIX, d.id), JSON.stringify({ v: image.version, state: 'updated' }), { qos: 1, retain: true });
    done();
  });
}

async function measure(run: string, creds: Credentials, secret: Buffer, image: OtaImage): Promise<Result> {
  const hub = await startHubProcess(secret);
  const devices: OtaDevice[] = [];
  try {
    const ids = Array.from({ length: devicesN }, (_, i) => `esp32-${(0x200000 + i).toString(16)}`);
    let t = performance.now();
    await pool(ids, 100, async (id) => {
      devices.push(await connectOtaDevice(id, { url: hub.mqtt, password: creds.devicePassword(id), version: FROM, shards: DEFAULT_SHARDS }));
    });
    const auth = `Basic ${Buffer.from(`admin:${creds.adminPassword()}`).toString('base64')}`;
    // the rollout's targets are the devices the hub has seen online
    for (let i = 0; i < 600; i++) {
      const seen = (await (await fetch(`${hub.http}/api/devices`, { headers: { authorization: auth } })).json()) as Array<{ online: boolean }>;
      if (seen.filter((d) => d.online).length >= devicesN) break;
      await sleep(100);
    }
    log(`[${run}] ${devices.length} devices connected in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    await sleep(500);
    const before = rss(hub.pid);
    let peak = before.now;
    const sampler = setInterval(() => (peak = Math.max(peak, rss(hub.pid).now)), 50);
    const bytesBefore = devices.reduce((a, d) => a + d.bytesIn(), 0);
    let updated = 0;
    let lastAt = 0;
    const allDone = new Promise<void>((resolve) => {
      const one = (): void => {
        updated++;
        lastAt = performance.now();
        if (updated === devices.length) resolve();
      };
      if (run === 'rollout') for (const d of devices) void d.reaches(TO).then(one);
      else for (const d of devices) takeWholeImage(d, image, one);
    });
    const admin = run === 'unicast' ? await mqtt.connectAsync(hub.mqtt, { protocolVersion: 4, reconnectPeriod: 0, username: 'admin', password: creds.adminPassword(), clientId: `bench-admin-${process.pid}` }) : undefined;
    t = performance.now();
    if (run === 'rollout') {
      const res = await fetch(`${hub.http}/api/ota`, { method: 'POST', headers: { authorization: auth }, body: JSON.stringify(rolloutBody(image, { target: 'all', canary })) });
      if (res.status !== 202) throw new Error(`POST /api/ota: ${res.status} ${await res.text()}`);
    } else {
      const message = encodeChunk(image.version, 0, image.bytes);
      await Promise.all(devices.map((d) => admin!.publishAsync(otaChunkTopic(DEFAULT_PREFIX, d.id), message, { qos: 1 })));
    }
    const timedOut = await Promise.race([allDone.then(() => false), sleep(300_000).then(() => true)]);
    clearInterval(sampler);
    await sleep(200); // the last PUBACKs
    const bytes = devices.reduce((a, d) => a + d.bytesIn(), 0) - bytesBefore;
    const end = rss(hub.pid);
    await admin?.endAsync();
    const seconds = ((timedOut ? performance.now() : lastAt) - t) / 1000;
    log(`[${run}] ${updated}/${devices.length} updated in ${seconds.toFixed(2)} s${timedOut ? ' (TIMED OUT)' : ''}; ${(bytes / 1e6).toFixed(2)} MB to the devices; hub RSS ${before.now.toFixed(0)} -> peak ${Math.max(peak, end.now).toFixed(0)} MB (VmHWM ${end.peak.toFixed(0)} MB)`);
    return { run, seconds, updated, bytes, rssBeforeMB: before.now, rssPeakMB: Math.max(peak, end.now), hwmMB: end.peak };
  } finally {
    await Promise.all(devices.map((d) => d.end().catch(() => undefined)));
    await hub.stop();
  }
}

const secret = randomBytes(32);
const creds = new Credentials(secret);
// not all zeros or one repeated pattern: a chunk's bytes should not compress or repeat on the wire
const image = makeImage(randomBytes(size), TO);
const results: Result[] = [];
for (const run of runs) results.push(await measure(run, creds, secret, image));

const f = (n: number, d = 0): string => (Number.isFinite(n) ? n.toFixed(d) : '-');
console.log(`\nOTA to ${devicesN} devices, ${size} bytes, ${Math.ceil(size / 1024)} chunks of 1 KB, canary ${flag('--canary') ?? '0'}, QoS 1, 127.0.0.1, ${cpus().length} cores`);
console.log('| run | updated | all updated in | broker -> devices | per device | hub RSS before | hub RSS peak (VmHWM) |');
console.log('|---|---|---|---|---|---|---|');
for (const r of results) {
  console.log(`| ${r.run} | ${r.updated}/${devicesN} | ${f(r.seconds, 2)} s | ${f(r.bytes / 1e6, 2)} MB | ${f(r.bytes / devicesN)} B | ${f(r.rssBeforeMB)} MB | ${f(r.rssPeakMB)} MB (${f(r.hwmMB)}) |`);
}
const ro = results.find((r) => r.run === 'rollout');
const uni = results.find((r) => r.run === 'unicast');
const rows: BenchRow[] = [];
if (ro && uni) {
  const n = `${devicesN.toLocaleString('en-US')} devices, ${(size / 1024).toFixed(0)} KB`;
  rows.push(
    { name: `OTA all updated, ${n}`, value: ro.seconds, unit: 's', peer: 'unicast QoS 1', peerValue: uni.seconds, ratio: ro.seconds / uni.seconds },
    { name: `OTA bytes to devices, ${n}`, value: ro.bytes / 1e6, unit: 'MB', peer: 'unicast QoS 1', peerValue: uni.bytes / 1e6, ratio: ro.bytes / uni.bytes },
    { name: `OTA hub RSS peak, ${n}`, value: ro.rssPeakMB, unit: 'MB', peer: 'unicast QoS 1', peerValue: uni.rssPeakMB, ratio: ro.rssPeakMB / uni.rssPeakMB },
    { name: `OTA hub RSS growth, ${n}`, value: ro.rssPeakMB - ro.rssBeforeMB, unit: 'MB', peer: 'unicast QoS 1', peerValue: uni.rssPeakMB - uni.rssBeforeMB, ratio: (ro.rssPeakMB - ro.rssBeforeMB) / (uni.rssPeakMB - uni.rssBeforeMB) },
  );
}
reportRows(`ota-fleet ${devicesN}`, rows);
process.exit(results.every((r) => r.updated === devicesN) ? 0 : 1);
