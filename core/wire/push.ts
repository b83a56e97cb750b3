// The MQTT wire contract between host and device (DESIGN.md), written once for push, the hub and tests.
//
//   <prefix>/<device>/push      host -> device  QoS 1  {"id","msg","ts","ttl"}
//   <prefix>/all/push           host -> all     QoS 1  same body
//   <prefix>/all/<shard>/push   host -> all     QoS 1  same body, one topic per broadcast shard (see shardOf)
//   <prefix>/<device>/receipt   device -> host  QoS 1  {"id","at"}
//   <prefix>/<device>/status    device -> host  retained: "online"/JSON on connect, "offline" as the Will
//   <prefix>/<device>/serial    bridge -> host  one message per serial line
//   <prefix>/<device>/cmd       host -> bridge  a line for the board's console
//   <prefix>/<device>/nack      device -> host  QoS 1  {"id","reason"}: a push the device refused
//   <prefix>/<device>/event     device -> host  QoS 1  JSON of the device program's own (a door opened, a
//                                                reading): the topic a firmware project publishes on; at most
//                                                EVENT_MAX_BYTES are kept whole (parseEvent)
//
// Units: ts is milliseconds since the Unix epoch on the sender's clock; ttl is seconds (0 = never expires);
// receipt "at" is the device's own milliseconds (its uptime or epoch: the host measures latency itself).
import { randomBytes } from 'node:crypto';
import { UsageError } from '../errors.ts';
import { SETTINGS } from '../settings.ts';

export const DEFAULT_PREFIX = 'espkit';
/** The contract's default limit on a push message, in characters (Unicode code points): the device setting's default. */
export const DEFAULT_MAX_MESSAGE = SETTINGS.maxMessage.default;
/** Default time to live of a push, in seconds: an hour. */
export const DEFAULT_TTL = 3600;
/** The id that addresses every device; no device may be called this. */
export const ALL = 'all';
/**
 * Broadcast shards. A broker pays per subscriber of one big topic when many subscribe at once
 * (mosquitto's cost to add a subscriber grows with the count already there, facts/mqtt.md), so a
 * broadcast also goes to <prefix>/all/<k>/push for k in 0..shards-1 and each device subscribes to
 * exactly one of them (or to the plain <prefix>/all/push when it does not shard). 16 keeps every
 * shard near 1,250 devices in a 19,800-device fleet.
 */
export const DEFAULT_SHARDS = 16;

export interface PushBody {
  /** Unique per push; devices deduplicate by it (QoS 1 is at least once). */
  id: string;
  msg: string;
  /** Milliseconds since the Unix epoch when the push was made. */
  ts: number;
  /** Seconds the push stays worth delivering; 0 means forever. */
  ttl: number;
}

export interface ReceiptBody {
  id: string;
  at: number;
}

export interface NackBody {
  id: string;
  /** Why the device refused it, in its words ("msg longer than 100", "expired", ...). */
  reason: string;
}

/** The most a device can be told to take (espkit deploy --max-message): the settings schema's limit. */
export const MAX_MESSAGE_LIMIT = SETTINGS.maxMessage.max;

export type TopicKind = 'push' | 'receipt' | 'status' | 'serial' | 'cmd' | 'nack' | 'event';
const KINDS: readonly TopicKind[] = ['push', 'receipt', 'status', 'serial', 'cmd', 'nack', 'event'];

/** A device id: lowercase letters, digits, '-' and '_', 1-32 long, not "all" (no MQTT wildcards or '/'). */
const DEVICE_ID = /^[a-z0-9][a-z0-9_-]{0,31}$/;
/** A topic prefix: one or more plain topic levels, no wildcards, no leading or trailing '/'. */
const PREFIX = /^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/;

export function isDeviceId(id: string): boolean {
  return DEVICE_ID.test(id) && id !== ALL;
}

/** Check a device id given by a person; a bad one is a usage error (exit 2). */
export function checkDeviceId(id: string): string {
  if (id === ALL) throw new UsageError('"all" is reserved for broadcasts and cannot be a device id');
  if (!DEVICE_ID.test(id)) {
    throw new UsageError(`"${id}" is not a device id: use lowercase letters, digits, '-' or '_' (1-32 characters), e.g. esp32-123456`);
  }
  return id;
}

export function checkPrefix(prefix: string): string {
  if (!PREFIX.test(prefix)) throw new UsageError(`"${prefix}" is not a topic prefix: use plain topic levels like "espkit" or "lab/espkit"`);
  return prefix;
}

/** Device id from a MAC: "esp32-" + its last three bytes in lowercase hex (the team's agreed default). */
export function deviceIdFromMac(mac: string): string {
  const hex = mac.toLowerCase().replace(/[^0-9a-f]/g, '');
  if (hex.length !== 12) throw new UsageError(`"${mac}" is not a MAC address (six bytes, like 24:0a:c4:12:34:56)`);
  return `esp32-${hex.slice(6)}`;
}

export function topic(prefix: string, device: string, kind: TopicKind): string {
  return `${prefix}/${device}/${kind}`;
}

export function broadcastTopic(prefix: string): string {
  return `${prefix}/${ALL}/push`;
}

export function shardTopic(prefix: string, shard: number): string {
  return `${prefix}/${ALL}/${shard}/push`;
}

/** Every topic one broadcast is published to: the plain one, then each shard. */
export function broadcastTopics(prefix: string, shards: number): string[] {
  const out = [broadcastTopic(prefix)];
  for (let k = 0; k < shards; k++) out.push(shardTopic(prefix, k));
  return out;
}

/**
 * The broadcast shard of a device: FNV-1a (32 bit) over the id's bytes, modulo the shard count.
 * Chosen because it is a few lines in any language (the firmware computes the same on Espruino)
 * and spreads short similar ids evenly. http://www.isthe.com/chongo/tech/comp/fnv/ (FNV-1a, offset
 * basis 2166136261, prime 16777619).
 */
export function shardOf(deviceId: string, shards: number): number {
  let h = 0x811c9dc5;
  for (const byte of Buffer.from(deviceId, 'utf8')) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % shards;
}

export interface ParsedTopic {
  device: string;
  kind: TopicKind;
  /** For a sharded broadcast, its shard. */
  shard?: number;
}

/** Split a contract topic into device and kind; undefined for anything else. */
export function parseTopic(prefix: string, t: string): ParsedTopic | undefined {
  if (!t.startsWith(`${prefix}/`)) return undefined;
  const parts = t.slice(prefix.length + 1).split('/');
  if (parts.length === 3 && parts[0] === ALL && parts[2] === 'push' && /^\d{1,4}$/.test(parts[1]!)) {
    return { device: ALL, kind: 'push', shard: Number(parts[1]) };
  }
  if (parts.length !== 2) return undefined;
  const [device, kind] = parts as [string, string];
  if (!(KINDS as readonly string[]).includes(kind)) return undefined;
  if (device === ALL) return kind === 'push' ? { device, kind } : undefined;
  if (!DEVICE_ID.test(device)) return undefined;
  return { device, kind: kind as TopicKind };
}

/** A short random push id (12 hex digits): small for the device to keep, unique enough to dedupe by. */
export function newPushId(): string {
  return randomBytes(6).toString('hex');
}

export function messageLength(msg: string): number {
  return [...msg].length;
}

/**
 * Build a push body, refusing an empty or over-long message or a bad ttl (usage errors, exit 2).
 * `limitNote` says whose limit maxLength is, for the error ("esp32-1 takes at most ...").
 */
export function makePush(msg: string, options: { ttl?: number; maxLength?: number; id?: string; now?: number; limitNote?: string } = {}): PushBody {
  const max = options.maxLength ?? DEFAULT_MAX_MESSAGE;
  const length = messageLength(msg);
  if (length === 0) throw new UsageError('the message is empty: give the text to push');
  if (length > max) throw new UsageError(`the message is ${length} characters, over the limit of ${max}${options.limitNote ? ` (${options.limitNote})` : ''}: shorten it`);
  const ttl = options.ttl ?? DEFAULT_TTL;
  if (!Number.isInteger(ttl) || ttl < 0) throw new UsageError(`ttl ${ttl} is not a whole number of seconds (0 = never expires)`);
  return { id: options.id ?? newPushId(), msg, ts: options.now ?? Date.now(), ttl };
}

/** True when the push's ttl has passed at `now` (ms). */
export function isExpired(body: PushBody, now = Date.now()): boolean {
  return body.ttl > 0 && now > body.ts + body.ttl * 1000;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parse a push payload; undefined when it is not one. */
export function parsePush(payload: Buffer | string): PushBody | undefined {
  try {
    const v: unknown = JSON.parse(payload.toString());
    if (!isRecord(v)) return undefined;
    if (typeof v.id !== 'string' || typeof v.msg !== 'string' || typeof v.ts !== 'number' || typeof v.ttl !== 'number') return undefined;
    return { id: v.id, msg: v.msg, ts: v.ts, ttl: v.ttl };
  } catch {
    return undefined;
  }
}

/** Parse a receipt payload; undefined when it is not one. */
export function parseReceipt(payload: Buffer | string): ReceiptBody | undefined {
  try {
    const v: unknown = JSON.parse(payload.toString());
    if (!isRecord(v) || typeof v.id !== 'string') return undefined;
    return { id: v.id, at: typeof v.at === 'number' ? v.at : 0 };
  } catch {
    return undefined;
  }
}

/** Parse a nack payload; undefined when it is not one. */
export function parseNack(payload: Buffer | string): NackBody | undefined {
  try {
    const v: unknown = JSON.parse(payload.toString());
    if (!isRecord(v) || typeof v.id !== 'string') return undefined;
    return { id: v.id, reason: typeof v.reason === 'string' ? v.reason.slice(0, 200) : 'refused' };
  } catch {
    return undefined;
  }
}

/** The longest message a device said (in its status) it takes, if it said. */
export function statusMaxMessage(info: Record<string, unknown>): number | undefined {
  const n = info.maxMessage;
  return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : undefined;
}

export interface DeviceStatus {
  online: boolean;
  /** Whatever else the device said about itself (firmware version, IP, free memory...). */
  info: Record<string, unknown>;
}

/**
 * Parse a status payload: "online"/"offline" as plain text (optionally followed by details), or a
 * JSON object with "online" (boolean) or "status"/"state" ("online"/"offline").
 */
export function parseStatus(payload: Buffer | string): DeviceStatus | undefined {
  const text = payload.toString().trim();
  if (text === '') return undefined;
  if (text.startsWith('{')) {
    try {
      const v: unknown = JSON.parse(text);
      if (!isRecord(v)) return undefined;
      const word = typeof v.status === 'string' ? v.status : typeof v.state === 'string' ? v.state : undefined;
      const online = typeof v.online === 'boolean' ? v.online : word === 'online' ? true : word === 'offline' ? false : undefined;
      return online === undefined ? undefined : { online, info: v };
    } catch {
      return undefined;
    }
  }
  const word = text.split(/\s+/)[0]!.toLowerCase();
  if (word === 'online') return { online: true, info: {} };
  if (word === 'offline') return { online: false, info: {} };
  return undefined;
}

/**
 * The most of one event the hub keeps, in bytes: an event is a small JSON object (a door opened, a reading),
 * and the hub keeps a few dozen per device in memory, so no device can make it hold much (1 KB, as the
 * contract bounds an OTA chunk).
 */
export const EVENT_MAX_BYTES = 1024;

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** An event as the hub keeps it: exactly one of `data` and `text`. */
export interface EventBody {
  /** The payload, parsed: it was JSON and within EVENT_MAX_BYTES. */
  data?: JsonValue;
  /** The payload as text: it was not JSON, or (truncated) its first EVENT_MAX_BYTES, cut between characters. */
  text?: string;
  /** The payload's whole size in bytes. */
  bytes: number;
  /** Longer than EVENT_MAX_BYTES: `text` holds only its start. */
  truncated?: true;
}

/**
 * Read an event payload. Nothing is refused (the device is the only one who may write its event topic, so
 * what it sent is worth showing): what is not JSON is kept as text, and a payload over EVENT_MAX_BYTES as
 * the text of its start, marked truncated, since a cut JSON document no longer parses.
 */
export function parseEvent(payload: Buffer | string): EventBody {
  const raw = typeof payload === 'string' ? Buffer.from(payload) : payload;
  const bytes = raw.length;
  if (bytes > EVENT_MAX_BYTES) {
    let end = EVENT_MAX_BYTES;
    // back off UTF-8 continuation bytes so no character is split
    while (end > 0 && (raw[end]! & 0xc0) === 0x80) end--;
    return { text: raw.subarray(0, end).toString('utf8'), bytes, truncated: true };
  }
  const text = raw.toString('utf8');
  try {
    return { data: JSON.parse(text) as JsonValue, bytes };
  } catch {
    return { text, bytes };
  }
}
