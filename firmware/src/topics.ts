// The device's topics in the wire contract (DESIGN.md, core/wire/push.ts).

export interface Topics {
  push: string;
  /** The broadcast topic this device listens to: <prefix>/all/push, or its shard's. */
  broadcast: string;
  receipt: string;
  status: string;
  /** Pushes this device refused: {"id","reason"}. */
  nack: string;
  /** The fleet's retained OTA manifest, the device's chunk requests, chunks and OTA state. */
  manifest: string;
  otaGet: string;
  otaChunk: string;
  otaState: string;
}

/**
 * The broadcast shard of a device: FNV-1a (32 bit) over the id's bytes modulo the shard count, as
 * core/wire/push.ts shardOf computes it. Espruino has no Math.imul (facts/espruino.md), so the multiply
 * by the FNV prime 16777619 (2^24 + 403) is split into parts that stay exact in a double.
 */
export function shardOf(id: string, shards: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h = (h ^ id.charCodeAt(i)) >>> 0;
    h = (h * 403 + ((h & 0xff) * 16777216)) % 4294967296;
  }
  return h % shards;
}

export function topicsFor(prefix: string, device: string, shards: number): Topics {
  const base = prefix + '/' + device + '/';
  return {
    push: base + 'push',
    broadcast: shards > 0 ? prefix + '/all/' + shardOf(device, shards) + '/push' : prefix + '/all/push',
    receipt: base + 'receipt',
    status: base + 'status',
    nack: base + 'nack',
    manifest: prefix + '/ota/manifest',
    otaGet: base + 'ota/get',
    otaChunk: base + 'ota/chunk',
    otaState: base + 'ota/state',
  };
}
