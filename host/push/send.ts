// Send one push and wait for its receipts: the library behind `espkit push`.
// Works against any MQTT broker (the hub, mosquitto, EMQX...) since it only uses the wire contract.
import type { MqttClient } from 'mqtt';
import { connectBroker, type BrokerTarget } from './broker.ts';
import {
  ALL, DEFAULT_PREFIX, DEFAULT_SHARDS, broadcastTopics, checkDeviceId, checkPrefix, makePush, messageLength, parseNack, parseReceipt, parseStatus,
  parseTopic, statusMaxMessage, topic, type PushBody,
} from '../../core/wire/push.ts';
import { EspkitError, UsageError } from '../../core/errors.ts';

export interface SendPushOptions {
  broker: BrokerTarget;
  /** A device id, or "all". */
  target: string;
  msg: string;
  ttl?: number;
  maxLength?: number;
  /** Seconds to wait for receipts. Default: 10, or only a moment when the device is known to be away. */
  waitS?: number;
  prefix?: string;
  shards?: number;
}

export type PushState =
  /** Every device that was online acknowledged it. */
  | 'delivered'
  /** The device is away: the broker holds the push for it. */
  | 'queued'
  /** Some online devices did not acknowledge in time (a broadcast). */
  | 'partial'
  /** No receipt in time though the device seemed to be online (or its status is unknown). */
  | 'timeout'
  /** The device refused it (its nack); `reason` says why. */
  | 'rejected';

export interface PushResult {
  push: PushBody;
  target: string;
  state: PushState;
  delivered: boolean;
  receipts: { device: string; latencyMs: number }[];
  /** Devices known online / offline from their retained status when the wait ended. */
  online: string[];
  offline: string[];
  /** Devices online that did not acknowledge (a broadcast), or the one device. */
  missing: string[];
  /** Devices that refused the push, with their reason. */
  rejections: { device: string; reason: string }[];
  waitedMs: number;
}

/** When a device is known to be away, wait this long anyway in case it is on its way back. */
const AWAY_GRACE_MS = 1000;
/** How long retained statuses may take to arrive after subscribing (they follow the SUBACK at once). */
const STATUS_WAIT_MS = 1500;
const DEFAULT_WAIT_S = 10;

export interface PreparedPush {
  prefix: string;
  target: string;
  body: PushBody;
  shards: number;
  waitS?: number;
}

/** Check everything a person typed (usage errors, exit 2) without touching the network. */
export function preparePush(options: Omit<SendPushOptions, 'broker'>): PreparedPush {
  const prefix = checkPrefix(options.prefix ?? DEFAULT_PREFIX);
  const target = options.target === ALL ? ALL : checkDeviceId(options.target);
  const body = makePush(options.msg, { ttl: options.ttl, maxLength: options.maxLength });
  const shards = options.shards ?? DEFAULT_SHARDS;
  if (!Number.isInteger(shards) || shards < 0 || shards > 1024) throw new UsageError(`--shards ${shards} must be a whole number from 0 to 1024`);
  if (options.waitS !== undefined && !(options.waitS >= 0)) throw new UsageError(`--wait ${options.waitS} must be a number of seconds`);
  return { prefix, target, body, shards, waitS: options.waitS };
}

export async function sendPush(options: SendPushOptions): Promise<PushResult> {
  const prepared = preparePush(options);
  const client = await connectBroker(options.broker);
  try {
    return await run(client, prepared);
  } finally {
    await client.endAsync().catch(() => {});
  }
}

async function run(client: MqttClient, o: PreparedPush): Promise<PushResult> {
  const { prefix, target, body } = o;
  const status = new Map<string, boolean>();
  const limits = new Map<string, number>();
  const receipts = new Map<string, number>();
  const rejections = new Map<string, string>();
  let sentAt = 0;
  let wake: (() => void) | undefined;
  client.on('message', (t, payload) => {
    const p = parseTopic(prefix, t);
    if (!p || (target !== ALL && p.device !== target)) return;
    if (p.kind === 'status') {
      const s = parseStatus(payload);
      if (s) status.set(p.device, s.online);
      const limit = s && statusMaxMessage(s.info);
      if (limit) limits.set(p.device, limit);
    } else if (p.kind === 'receipt' && sentAt > 0) {
      const r = parseReceipt(payload);
      if (r?.id === body.id && !receipts.has(p.device)) receipts.set(p.device, Date.now() - sentAt);
    } else if (p.kind === 'nack' && sentAt > 0) {
      const n = parseNack(payload);
      if (n?.id === body.id && !rejections.has(p.device)) rejections.set(p.device, n.reason);
    }
    wake?.();
  });
  const who = target === ALL ? '+' : target;
  // Receipts first, so none can slip past before we listen; statuses (retained) say who is away.
  await client.subscribeAsync([topic(prefix, who, 'receipt'), topic(prefix, who, 'nack'), topic(prefix, who, 'status')], { qos: 1 });
  await statusesIn(() => target !== ALL && status.has(target), (w) => (wake = w));
  wake = undefined;
  // A broker keeps pushes only for a device that has a session: one that never connected gets nothing.
  if (target !== ALL && !status.has(target)) {
    throw new EspkitError(`${target} has never connected to this broker (no status on ${topic(prefix, target, 'status')}): check the device id`);
  }
  const length = messageLength(body.msg);
  const tooShort = [...limits].filter(([, limit]) => limit < length);
  if (tooShort.length > 0) {
    const [device, limit] = tooShort.sort((a, b) => a[1] - b[1])[0]!;
    const who = target === ALL ? `${device}${tooShort.length > 1 ? ` and ${tooShort.length - 1} more` : ''}` : device;
    throw new UsageError(`the message is ${length} characters, over the limit of ${limit} that ${who} announced: shorten it (espkit deploy --max-message sets a device's limit)`);
  }

  const payload = JSON.stringify(body);
  const topics = target === ALL ? broadcastTopics(prefix, o.shards) : [topic(prefix, target, 'push')];
  sentAt = Date.now();
  await Promise.all(topics.map((t) => client.publishAsync(t, payload, { qos: 1 })));

  const onlineNow = (): string[] => [...status].filter(([, on]) => on).map(([d]) => d);
  const allIn = (): boolean => {
    if (target !== ALL) return receipts.has(target);
    const online = onlineNow();
    return online.length > 0 && online.every((d) => receipts.has(d) || rejections.has(d));
  };
  const away = (): boolean => (target === ALL ? status.size > 0 && onlineNow().length === 0 : status.get(target) === false);
  const waitMs = o.waitS !== undefined ? o.waitS * 1000 : DEFAULT_WAIT_S * 1000;
  const deadline = sentAt + waitMs;
  const graceEnd = sentAt + Math.min(AWAY_GRACE_MS, waitMs);

  const refused = (): boolean => target !== ALL && rejections.has(target);
  while (!allIn() && !refused()) {
    const now = Date.now();
    // Nobody to wait for (the device is away): the push is queued; stop after a short grace
    // unless the caller asked to wait longer.
    if (o.waitS === undefined && away() && now >= graceEnd) break;
    if (now >= deadline) break;
    const until = o.waitS === undefined && away() ? Math.min(graceEnd, deadline) : deadline;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, Math.max(1, until - now));
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    wake = undefined;
  }

  const online = onlineNow().sort();
  const offline = [...status].filter(([, on]) => !on).map(([d]) => d).sort();
  const got = [...receipts].map(([device, latencyMs]) => ({ device, latencyMs })).sort((a, b) => a.latencyMs - b.latencyMs);
  let state: PushState;
  let missing: string[];
  if (target === ALL) {
    missing = online.filter((d) => !receipts.has(d) && !rejections.has(d));
    state = online.length === 0 ? (got.length > 0 ? 'delivered' : 'queued') : missing.length === 0 ? 'delivered' : 'partial';
  } else {
    missing = receipts.has(target) ? [] : [target];
    state = receipts.has(target) ? 'delivered' : rejections.has(target) ? 'rejected' : status.get(target) === false ? 'queued' : 'timeout';
  }
  return {
    push: body,
    target,
    state,
    delivered: state === 'delivered',
    receipts: got,
    online,
    offline,
    missing,
    rejections: [...rejections].map(([device, reason]) => ({ device, reason })),
    waitedMs: Date.now() - sentAt,
  };
}

/** Wait for retained statuses: until `enough` or STATUS_WAIT_MS (a broadcast waits the whole time). */
async function statusesIn(enough: () => boolean, onWake: (wake: () => void) => void): Promise<void> {
  const until = Date.now() + STATUS_WAIT_MS;
  while (!enough() && Date.now() < until) {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, Math.max(1, until - Date.now()));
      onWake(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}

/** The result in one or two lines for people. */
export function describePush(r: PushResult): string {
  const ttl = r.push.ttl > 0 ? `within its ttl of ${r.push.ttl} s` : 'whenever';
  if (r.target !== ALL) {
    if (r.state === 'delivered') return `delivered to ${r.target} in ${r.receipts[0]!.latencyMs} ms (push ${r.push.id})`;
    if (r.state === 'queued') return `queued, device offline: ${r.target} gets it when it returns ${ttl} (push ${r.push.id})`;
    if (r.state === 'rejected') return `rejected by ${r.target}: ${r.rejections[0]!.reason} (push ${r.push.id})`;
    const within = `within ${(r.waitedMs / 1000).toFixed(1)} s`;
    if (r.online.includes(r.target)) return `no receipt from ${r.target} ${within} though it is online; the broker keeps retrying (push ${r.push.id})`;
    return `no receipt from ${r.target} ${within} and no status from it: has it ever connected to this broker? (push ${r.push.id})`;
  }
  const lat = r.receipts.map((x) => x.latencyMs);
  const pct = (q: number): number => lat[Math.min(lat.length - 1, Math.floor(q * lat.length))] ?? 0;
  const head =
    r.state === 'queued'
      ? `queued, no device online (push ${r.push.id})`
      : `delivered to ${r.receipts.length} device${r.receipts.length === 1 ? '' : 's'}${lat.length ? ` (p50 ${pct(0.5)} ms, p99 ${pct(0.99)} ms)` : ''} (push ${r.push.id})`;
  const tail: string[] = [];
  if (r.rejections.length > 0) tail.push(`${r.rejections.length} refused it: ${r.rejections.slice(0, 3).map((x) => `${x.device} (${x.reason})`).join(', ')}${r.rejections.length > 3 ? ', ...' : ''}`);
  if (r.missing.length > 0) tail.push(`${r.missing.length} online without a receipt yet: ${r.missing.slice(0, 5).join(', ')}${r.missing.length > 5 ? ', ...' : ''}`);
  if (r.offline.length > 0) tail.push(`${r.offline.length} offline get it when they return ${ttl}`);
  return tail.length ? `${head}; ${tail.join('; ')}` : head;
}
