// A lightweight device that follows the OTA wire contract (core/wire/ota.ts) over mqtt.js, for the hub's own
// tests and the fleet benchmark: it takes a manifest that targets it, pulls the chunks one at a time into
// memory, checks the CRC, "reboots" into the new version and confirms, or rolls back as told. The real
// firmware's OTA client is tested on virtual boards; this stands in where a thousand of them would not fit.
import mqtt, { type MqttClient } from 'mqtt';
import { crc32 } from '../../core/codec/crc32.ts';
import { DEFAULT_PREFIX, shardOf, topic } from '../../core/wire/push.ts';
import {
  OTA_STATE_EVERY_CHUNKS, decodeChunk, manifestTargets, otaChunkTopic, otaGetTopic, otaManifestTopic, otaStateTopic, parseManifest,
  type OtaManifest, type OtaStateBody,
} from '../../core/wire/ota.ts';

export interface OtaDeviceOptions {
  url: string;
  password: string;
  /** The version it runs at first. */
  version: string;
  prefix?: string;
  shards?: number;
  /** The new version "throws at boot" with this text: the device rolls back and says so. */
  failsAtBoot?: string;
  /** Called with every manifest it sees (for tests that follow the stages). */
  onManifest?: (m: OtaManifest | undefined) => void;
}

export interface OtaDevice {
  id: string;
  client: MqttClient;
  /** The version it runs now. */
  version(): string;
  /** Every state it published, in order. */
  states: OtaStateBody[];
  /** Resolves when it runs `version` (or rolled back from it, when `orRolledBack`). */
  reaches(version: string, orRolledBack?: boolean): Promise<void>;
  /** Bytes the broker sent it. */
  bytesIn(): number;
  end(): Promise<void>;
}

export async function connectOtaDevice(id: string, o: OtaDeviceOptions): Promise<OtaDevice> {
  const prefix = o.prefix ?? DEFAULT_PREFIX;
  const client = mqtt.connect(o.url, {
    clientId: id, username: id, password: o.password, clean: false, protocolVersion: 4, reconnectPeriod: 0, connectTimeout: 30_000,
    will: { topic: topic(prefix, id, 'status'), payload: Buffer.from('offline'), qos: 1, retain: true },
  });
  let running = o.version;
  const refused = new Set<string>(); // versions that rolled back here: not taken again
  let job: { m: OtaManifest; image: Buffer; have: number } | undefined;
  const states: OtaStateBody[] = [];
  const waiters: Array<() => void> = [];
  const settle = (): void => {
    for (const w of waiters.splice(0)) w();
  };
  const say = (s: OtaStateBody): void => {
    states.push(s);
    client.publish(otaStateTopic(prefix, id), JSON.stringify(s), { qos: 1, retain: true });
    settle();
  };
  const online = (): void => {
    client.publish(topic(prefix, id, 'status'), JSON.stringify({ status: 'online', fw: running }), { qos: 1, retain: true });
  };
  const ask = (): void => {
    client.publish(otaGetTopic(prefix, id), JSON.stringify({ v: job!.m.version, from: job!.have }), { qos: 1 });
  };

  client.on('message', (t, payload) => {
    if (t === otaManifestTopic(prefix)) {
      const m = parseManifest(payload);
      o.onManifest?.(m);
      if (!m || m.version === running || refused.has(m.version) || job?.m.version === m.version) return;
      if (!manifestTargets(m, id, o.shards ? shardOf(id, o.shards) : undefined)) return;
      job = { m, image: Buffer.alloc(m.size), have: 0 };
      say({ v: m.version, state: 'downloading', have: 0 });
      ask();
      return;
    }
    const c = decodeChunk(payload);
    if (!job || !c || c.version !== job.m.version || c.offset !== job.have) return;
    c.data.copy(job.image, c.offset);
    job.have += c.data.length;
    const chunkNo = job.have / job.m.chunk;
    if (job.have < job.m.size) {
      if (Number.isInteger(chunkNo) && chunkNo % OTA_STATE_EVERY_CHUNKS === 0) say({ v: job.m.version, state: 'downloading', have: job.have });
      ask();
      return;
    }
    const { m, image } = job;
    job = undefined;
    say({ v: m.version, state: 'verifying' });
    if (crc32(image) !== m.crc) return say({ v: m.version, state: 'failed', reason: 'crc mismatch' });
    say({ v: m.version, state: 'trial' });
    if (o.failsAtBoot !== undefined) {
      refused.add(m.version);
      return say({ v: m.version, state: 'rolled-back', reason: o.failsAtBoot });
    }
    running = m.version;
    online();
    say({ v: m.version, state: 'updated' });
  });

  await new Promise<void>((resolve, reject) => {
    client.once('connect', () => resolve());
    client.once('error', reject);
  });
  online();
  await client.subscribeAsync([otaManifestTopic(prefix), otaChunkTopic(prefix, id)], { qos: 1 });

  return {
    id,
    client,
    version: () => running,
    states,
    reaches: (version, orRolledBack = false) =>
      new Promise<void>((resolve) => {
        const check = (): void => {
          if (running === version || (orRolledBack && states.some((s) => s.v === version && s.state === 'rolled-back'))) resolve();
          else waiters.push(check);
        };
        check();
      }),
    bytesIn: () => (client.stream as unknown as { bytesRead?: number }).bytesRead ?? 0,
    end: () => client.endAsync(true).then(() => undefined),
  };
}
