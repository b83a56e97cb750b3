// A stand-in for the hub's OTA side in device tests: an MQTT client that publishes a retained manifest and
// answers each chunk request with that chunk, per the wire contract in core/wire/ota.ts (whose encoders it
// uses), and records the devices' OTA states. `serve` decides per request whether and what is sent, so a test
// can corrupt a chunk or cut a device off mid-download.
import mqtt, { type MqttClient } from 'mqtt';
import { crc32 } from '../../core/codec/crc32.ts';
import {
  encodeChunk, otaChunkTopic, otaGetTopic, otaManifestTopic, otaStateTopic, parseGet, parseOtaState,
  OTA_DEFAULT_CHUNK, OTA_DEFAULT_TRIAL_MS, type OtaGet, type OtaManifest, type OtaStateBody,
} from '../../core/wire/ota.ts';

export interface OtaImage {
  version: string;
  bytes: Uint8Array;
  chunk?: number;
  trial?: number;
  targets?: OtaManifest['targets'];
}

/** What to send for a request: the chunk's bytes (maybe altered), or undefined to send nothing. */
export type ServeChunk = (device: string, get: OtaGet, data: Uint8Array) => Uint8Array | undefined;

export interface DeviceState extends OtaStateBody {
  device: string;
}

export interface TestOtaServer {
  readonly gets: Array<OtaGet & { device: string }>;
  readonly states: DeviceState[];
  /** Publish (retained) the manifest for `image` and serve its chunks. */
  offer(image: OtaImage, serve?: ServeChunk): Promise<OtaManifest>;
  /** Clear the retained manifest. */
  withdraw(): Promise<void>;
  /** The first state (already heard or to come) that `match` accepts. */
  state(match: (s: DeviceState) => boolean, timeoutMs?: number): Promise<DeviceState>;
  close(): Promise<void>;
}

export async function startOtaServer(url: string, prefix = 'espkit'): Promise<TestOtaServer> {
  const client: MqttClient = await mqtt.connectAsync(url, { clientId: `test-ota-${process.pid}-${Math.random().toString(16).slice(2, 8)}`, clean: true, reconnectPeriod: 200 });
  const gets: Array<OtaGet & { device: string }> = [];
  const states: DeviceState[] = [];
  const waiters = new Set<() => void>();
  let image: OtaImage | undefined;
  let serve: ServeChunk = (_d, _g, data) => data;
  client.on('message', (topic, payload) => {
    const parts = topic.split('/');
    const device = parts[parts.length - 3]!;
    if (topic === otaGetTopic(prefix, device)) {
      const get = parseGet(payload);
      if (!get) return;
      gets.push({ ...get, device });
      if (!image || get.v !== image.version) return;
      const chunk = image.chunk ?? OTA_DEFAULT_CHUNK;
      const data = serve(device, get, image.bytes.subarray(get.from, get.from + chunk));
      if (data) void client.publishAsync(otaChunkTopic(prefix, device), encodeChunk(get.v, get.from, data), { qos: 1 });
    } else if (topic === otaStateTopic(prefix, device)) {
      const state = parseOtaState(payload);
      if (state) states.push({ ...state, device });
      for (const w of [...waiters]) w();
    }
  });
  await client.subscribeAsync([otaGetTopic(prefix, '+'), otaStateTopic(prefix, '+')], { qos: 1 });
  return {
    gets,
    states,
    async offer(next, how) {
      image = next;
      if (how) serve = how;
      const manifest: OtaManifest = {
        version: next.version,
        size: next.bytes.length,
        crc: crc32(next.bytes),
        chunk: next.chunk ?? OTA_DEFAULT_CHUNK,
        trial: next.trial ?? OTA_DEFAULT_TRIAL_MS,
        targets: next.targets ?? 'all',
      };
      await client.publishAsync(otaManifestTopic(prefix), JSON.stringify(manifest), { qos: 1, retain: true });
      return manifest;
    },
    async withdraw() {
      image = undefined;
      await client.publishAsync(otaManifestTopic(prefix), '', { qos: 1, retain: true });
    },
    state(match, timeoutMs = 30_000) {
      const seen = states.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no such OTA state within ${timeoutMs} ms; heard ${JSON.stringify(states.slice(-6))}`));
        }, timeoutMs);
        const check = (): void => {
          const found = states.find(match);
          if (!found) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(found);
        };
        waiters.add(check);
      });
    },
    async close() {
      await client.endAsync();
    },
  };
}
