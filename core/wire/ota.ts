// The firmware-over-WiFi (OTA) wire contract between the hub and devices, written once for the hub, the
// CLI, the tests and the benchmark; the firmware mirrors the few constants it needs (and a test holds
// them equal to these).
//
//   <prefix>/ota/manifest        hub -> devices  QoS 1, retained  OtaManifest (an empty payload clears it)
//   <prefix>/<device>/ota/get    device -> hub   QoS 1            OtaGet: one chunk starting at `from`
//   <prefix>/<device>/ota/chunk  hub -> device   QoS 1            "<version> <offset>\n" + raw image bytes
//   <prefix>/<device>/ota/state  device -> hub   QoS 1, retained  OtaStateBody
//
// A device asks for the next chunk only after it has written the one before: at most one chunk in
// flight, so at most one chunk of image in its RAM. Depends on nothing outside core.

/** The largest chunk a manifest may ask devices to take (and the default): 1 KB of RAM on the device. */
export const OTA_MAX_CHUNK = 1024;
export const OTA_DEFAULT_CHUNK = 1024;
/** Milliseconds a new version has to come online before the device's boot code rolls it back. */
export const OTA_DEFAULT_TRIAL_MS = 60_000;
/** A downloading device reports its progress at the start and then at most once every this many chunks. */
export const OTA_STATE_EVERY_CHUNKS = 4;
/** Boots without confirmation after which the boot code gives up on the new version. */
export const OTA_MAX_TRIAL_BOOTS = 3;

export const OTA_STATES = ['downloading', 'verifying', 'trial', 'updated', 'failed', 'rolled-back'] as const;
export type OtaState = (typeof OTA_STATES)[number];

/** States after which a device does nothing more for this version. */
export function isFinalState(state: OtaState): boolean {
  return state === 'updated' || state === 'failed' || state === 'rolled-back';
}

/** States that count against a rollout's failure limit. */
export function isFailureState(state: OtaState): boolean {
  return state === 'failed' || state === 'rolled-back';
}

export interface OtaManifest {
  /** The version the new image reports (its FIRMWARE_VERSION); devices running it ignore the manifest. */
  version: string;
  /** Image bytes. */
  size: number;
  /** CRC-32 of the whole image as E.CRC32 computes it (reflected, polynomial 0xEDB88320), unsigned. */
  crc: number;
  /** Chunk size in bytes, 1..OTA_MAX_CHUNK. */
  chunk: number;
  /** Milliseconds the new version has to come online before it is rolled back. */
  trial: number;
  /** Every device, or the ids that should take it now. */
  targets: 'all' | string[];
  /** Broadcast shards (shardOf in the push contract) whose devices should take it too. */
  shards?: number[];
}

export interface OtaGet {
  v: string;
  /** Byte offset of the wanted chunk, a multiple of the manifest's chunk. */
  from: number;
}

export interface OtaStateBody {
  v: string;
  state: OtaState;
  /** Bytes written so far (while downloading). */
  have?: number;
  /** Why it failed or rolled back ("crc mismatch", "no WiFi", the Uncaught error text...). */
  reason?: string;
}

export function otaManifestTopic(prefix: string): string {
  return `${prefix}/ota/manifest`;
}

export function otaGetTopic(prefix: string, device: string): string {
  return `${prefix}/${device}/ota/get`;
}

export function otaChunkTopic(prefix: string, device: string): string {
  return `${prefix}/${device}/ota/chunk`;
}

export function otaStateTopic(prefix: string, device: string): string {
  return `${prefix}/${device}/ota/state`;
}

export type OtaTopicKind = 'manifest' | 'get' | 'chunk' | 'state';

export interface ParsedOtaTopic {
  kind: OtaTopicKind;
  /** The device of a get, chunk or state topic. */
  device?: string;
}

/** A device id as the push contract spells it (kept in step with it; the ids cannot hold '/' or wildcards). */
const DEVICE_ID = /^[a-z0-9][a-z0-9_-]{0,31}$/;

/** Split an OTA topic; undefined for anything else (including a wildcard or a bad device id). */
export function parseOtaTopic(prefix: string, topic: string): ParsedOtaTopic | undefined {
  if (!topic.startsWith(`${prefix}/`)) return undefined;
  const parts = topic.slice(prefix.length + 1).split('/');
  if (parts.length === 2 && parts[0] === 'ota' && parts[1] === 'manifest') return { kind: 'manifest' };
  if (parts.length !== 3 || parts[1] !== 'ota') return undefined;
  const [device, , kind] = parts as [string, string, string];
  if (device === 'all' || !DEVICE_ID.test(device)) return undefined;
  if (kind !== 'get' && kind !== 'chunk' && kind !== 'state') return undefined;
  return { kind, device };
}

/**
 * A version string as it may travel: printable ASCII without spaces, 1-32 long, because the chunk
 * header separates it from the offset by a space and the device prints it in its ready line.
 */
const VERSION = /^[\x21-\x7e]{1,32}$/;

export function isOtaVersion(version: string): boolean {
  return VERSION.test(version);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isWhole(n: unknown, min: number, max: number): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= min && n <= max;
}

/** What is wrong with a manifest, in one line, or undefined when it keeps the contract. */
export function manifestProblem(m: OtaManifest): string | undefined {
  if (!isOtaVersion(m.version)) return `version "${m.version}" must be 1-32 printable characters without spaces`;
  if (!isWhole(m.size, 1, 0xffffffff)) return `size ${m.size} must be a whole number of bytes above 0`;
  if (!isWhole(m.crc, 0, 0xffffffff)) return `crc ${m.crc} must be an unsigned 32-bit number`;
  if (!isWhole(m.chunk, 1, OTA_MAX_CHUNK)) return `chunk ${m.chunk} must be 1..${OTA_MAX_CHUNK} bytes`;
  if (!isWhole(m.trial, 1, 0x7fffffff)) return `trial ${m.trial} must be a whole number of milliseconds above 0`;
  if (m.targets !== 'all') {
    if (!Array.isArray(m.targets)) return 'targets must be "all" or a list of device ids';
    const bad = m.targets.find((id) => typeof id !== 'string' || !DEVICE_ID.test(id) || id === 'all');
    if (bad !== undefined) return `target "${String(bad)}" is not a device id`;
  }
  if (m.shards !== undefined) {
    if (!Array.isArray(m.shards) || m.shards.some((s) => !isWhole(s, 0, 9999))) return 'shards must be a list of shard numbers';
  }
  return undefined;
}

/** Parse a manifest payload; undefined for an empty (cleared) or malformed one. */
export function parseManifest(payload: Buffer | string): OtaManifest | undefined {
  const text = payload.toString();
  if (text === '') return undefined;
  try {
    const v: unknown = JSON.parse(text);
    if (!isRecord(v)) return undefined;
    const m: OtaManifest = {
      version: v.version as string,
      size: v.size as number,
      crc: v.crc as number,
      chunk: v.chunk as number,
      trial: v.trial as number,
      targets: v.targets as OtaManifest['targets'],
    };
    if (v.shards !== undefined) m.shards = v.shards as number[];
    return typeof m.version === 'string' && manifestProblem(m) === undefined ? m : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a manifest asks this device (with its broadcast shard, when it shards) to take it now. */
export function manifestTargets(m: OtaManifest, device: string, shard?: number): boolean {
  if (m.targets === 'all' || m.targets.includes(device)) return true;
  return shard !== undefined && m.shards !== undefined && m.shards.includes(shard);
}

/** Parse a chunk request; undefined when it is not one. */
export function parseGet(payload: Buffer | string): OtaGet | undefined {
  try {
    const v: unknown = JSON.parse(payload.toString());
    if (!isRecord(v) || typeof v.v !== 'string' || !isWhole(v.from, 0, 0xffffffff)) return undefined;
    return { v: v.v, from: v.from };
  } catch {
    return undefined;
  }
}

/** Parse a device's OTA state; undefined when it is not one. */
export function parseOtaState(payload: Buffer | string): OtaStateBody | undefined {
  try {
    const v: unknown = JSON.parse(payload.toString());
    if (!isRecord(v) || typeof v.v !== 'string' || !(OTA_STATES as readonly unknown[]).includes(v.state)) return undefined;
    const body: OtaStateBody = { v: v.v, state: v.state as OtaState };
    if (isWhole(v.have, 0, 0xffffffff)) body.have = v.have;
    if (typeof v.reason === 'string') body.reason = v.reason.slice(0, 200);
    return body;
  } catch {
    return undefined;
  }
}

/** A chunk message: the ASCII header "<version> <offset>\n", then the image bytes. */
export function encodeChunk(version: string, offset: number, data: Uint8Array): Buffer {
  const header = Buffer.from(`${version} ${offset}\n`, 'latin1');
  return Buffer.concat([header, data]);
}

export interface OtaChunk {
  version: string;
  offset: number;
  data: Buffer;
}

/** Split a chunk message; undefined when its header is missing or malformed. */
export function decodeChunk(payload: Buffer): OtaChunk | undefined {
  // The header is at most 32 + 1 + 10 + 1 bytes, so the newline is looked for only there.
  const end = payload.subarray(0, 48).indexOf(0x0a);
  if (end < 0) return undefined;
  const match = /^(\S{1,32}) (\d{1,10})$/.exec(payload.subarray(0, end).toString('latin1'));
  if (!match) return undefined;
  return { version: match[1]!, offset: Number(match[2]), data: payload.subarray(end + 1) };
}
