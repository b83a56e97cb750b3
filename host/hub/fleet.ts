// What the hub knows about the fleet, built only from what crosses the broker: devices and their
// status (retained status topics, plus connections when the broker is our own), the pushes and their
// receipts, and a tail of each device's serial lines and of its own events. The HTTP API and the dashboard read it.
// Serial lines and events live in memory only: they are news, and a restart forgets them.
import { EventEmitter } from 'node:events';
import {
  ALL, DEFAULT_MAX_MESSAGE, EVENT_MAX_BYTES, parseEvent, parseNack, parsePush, parseReceipt, parseStatus, statusMaxMessage, type EventBody, type PushBody,
} from '../../core/wire/push.ts';

export interface DeviceView {
  id: string;
  online: boolean;
  /** Milliseconds since the epoch when the hub last heard of the device; null if only known from a retained status. */
  lastSeen: number | null;
  /** What the device said about itself in its status (firmware, IP, free memory...). */
  info: Record<string, unknown>;
  /** A bridge for its console is connected (only when the broker is the hub's own, which sees bridges subscribe). */
  bridge?: boolean;
  /** The newest of its own events (<prefix>/<device>/event), if it sent one since the hub started. */
  lastEvent?: DeviceEvent;
}

export interface Receipt {
  device: string;
  /** Host time the receipt arrived (ms since the epoch). */
  at: number;
  /** Milliseconds from the push being sent to its receipt arriving (host clock at both ends). */
  latencyMs: number;
}

export interface PushRecord extends PushBody {
  /** A device id, or "all". */
  target: string;
  /** When the hub saw the push go out (ms since the epoch). */
  sentAt: number;
  /** For a broadcast: how many devices the hub knew when it went out. */
  expected: number;
  receipts: Receipt[];
  /** Devices that refused the push (its nack), with their reason. */
  rejections?: Rejection[];
}

export interface Rejection {
  device: string;
  /** Host time the nack arrived (ms since the epoch). */
  at: number;
  reason: string;
}

export interface PushView extends PushRecord {
  /** rejected: the device refused it (a broadcast: every device that answered refused it). */
  state: 'delivered' | 'pending' | 'expired' | 'rejected';
  /** For a rejected push: the first device's reason. */
  reason?: string;
}

export interface SerialLine {
  device: string;
  at: number;
  line: string;
}

/** One event a device published on its event topic, as the hub keeps it (EventBody: `data`, or `text`). */
export interface DeviceEvent extends EventBody {
  device: string;
  /** Host time it arrived (ms since the epoch). */
  at: number;
  /** Counts up over the hub's run, so events within one millisecond keep their order and a page can merge lists. */
  seq: number;
}

/** Somewhere to keep push records across restarts (a LevelDB sublevel in the hub). */
export interface PushArchive {
  load(): Promise<PushRecord[]>;
  save(records: PushRecord[]): Promise<void>;
  remove(ids: string[]): Promise<void>;
}

export interface FleetOptions {
  /** Serial lines kept per device. */
  serialLines?: number;
  /** Push records kept (oldest forgotten first). */
  pushHistory?: number;
  archive?: PushArchive;
  /** The broker is the hub's own, so bridges coming and going are known (onBridge): devices get `bridge`. */
  seesBridges?: boolean;
  /** Events kept per device (oldest forgotten first). */
  eventsPerDevice?: number;
  /** Events kept over the whole fleet, newest, for a dashboard that has just opened. */
  recentEvents?: number;
  /** Where notes about what devices send go (an event cut to EVENT_MAX_BYTES). */
  log?: (line: string) => void;
}

/** Appends `item`, forgetting the oldest items beyond `max`. */
function keepLast<T>(list: T[], item: T, max: number): void {
  list.push(item);
  if (list.length > max) list.splice(0, list.length - max);
}

/** The device's list in `tails`, made empty the first time. */
function tailIn<T>(tails: Map<string, T[]>, device: string): T[] {
  let tail = tails.get(device);
  if (!tail) tails.set(device, (tail = []));
  return tail;
}

/** A device that keeps sending oversized events is noted once a minute, not once per event. */
const OVERSIZE_NOTE_EVERY_MS = 60_000;

interface FleetEvents {
  device: [DeviceView];
  push: [PushView];
  serial: [SerialLine];
  event: [DeviceEvent];
}

export class Fleet extends EventEmitter<FleetEvents> {
  readonly #devices = new Map<string, DeviceView>();
  readonly #pushes = new Map<string, PushRecord>();
  readonly #receiptsSeen = new Map<string, Set<string>>();
  readonly #serial = new Map<string, SerialLine[]>();
  readonly #serialLines: number;
  readonly #pushHistory: number;
  readonly #archive: PushArchive | undefined;
  readonly #seesBridges: boolean;
  readonly #events = new Map<string, DeviceEvent[]>();
  readonly #recent: DeviceEvent[] = [];
  readonly #eventsPerDevice: number;
  readonly #recentEvents: number;
  #eventSeq = 0;
  readonly #oversizeNotedAt = new Map<string, number>();
  readonly #log: (line: string) => void;
  /** When each device's last-seen time was last announced, so a chatty device is announced once a second at most. */
  readonly #announcedAt = new Map<string, number>();
  readonly #dirty = new Set<string>();
  #flushTimer: NodeJS.Timeout | undefined;
  #flushing: Promise<void> = Promise.resolve();

  constructor(options: FleetOptions = {}) {
    super();
    this.#serialLines = options.serialLines ?? 200;
    this.#pushHistory = options.pushHistory ?? 1000;
    this.#archive = options.archive;
    this.#seesBridges = options.seesBridges ?? false;
    this.#eventsPerDevice = options.eventsPerDevice ?? 50;
    this.#recentEvents = options.recentEvents ?? 100;
    this.#log = options.log ?? (() => {});
  }

  /** Load the archived pushes (call once before use). */
  async restore(): Promise<void> {
    if (!this.#archive) return;
    const records = await this.#archive.load();
    records.sort((a, b) => a.sentAt - b.sentAt);
    for (const r of records.slice(-this.#pushHistory)) {
      this.#pushes.set(r.id, r);
      this.#receiptsSeen.set(r.id, new Set(r.receipts.map((x) => x.device)));
    }
  }

  #device(id: string): DeviceView {
    let d = this.#devices.get(id);
    if (!d) {
      d = { id, online: false, lastSeen: null, info: {}, ...(this.#seesBridges ? { bridge: false } : {}) };
      this.#devices.set(id, d);
    }
    return d;
  }

  /** A status message (retained ones arrive at start-up with no fresh news of the device). */
  onStatus(device: string, payload: Buffer | string, fresh = true): void {
    const status = parseStatus(payload);
    if (!status) return;
    const d = this.#device(device);
    d.online = status.online;
    d.info = status.info;
    if (fresh) d.lastSeen = Date.now();
    this.emit('device', { ...d });
  }

  /** The device connected to or left our own broker. */
  onConnection(device: string, online: boolean): void {
    const d = this.#device(device);
    d.online = online;
    d.lastSeen = Date.now();
    this.emit('device', { ...d });
  }

  #heard(device: string): void {
    const d = this.#device(device);
    const now = Date.now();
    d.lastSeen = now;
    // the dashboard shows the time since the last message: tell it, but not once per serial line
    if (now - (this.#announcedAt.get(device) ?? 0) < 1000 || this.listenerCount('device') === 0) return;
    this.#announcedAt.set(device, now);
    this.emit('device', { ...d });
  }

  /** A bridge for the device's console came (its first) or went (its last). */
  onBridge(device: string, present: boolean): void {
    const d = this.#device(device);
    d.bridge = present;
    this.emit('device', { ...d });
  }

  /** Whether devices carry `bridge` (the broker is the hub's own). */
  get seesBridges(): boolean {
    return this.#seesBridges;
  }

  /** How many pushes the hub remembers. */
  get pushCount(): number {
    return this.#pushes.size;
  }

  /** A push seen on the broker (or sent by the hub itself). */
  onPush(target: string, payload: Buffer | string | PushBody): PushRecord | undefined {
    const body = typeof payload === 'object' && !Buffer.isBuffer(payload) ? payload : parsePush(payload);
    if (!body) return undefined;
    const known = this.#pushes.get(body.id);
    if (known) return known;
    const record: PushRecord = {
      ...body,
      target,
      sentAt: Date.now(),
      expected: target === ALL ? this.#devices.size : 1,
      receipts: [],
    };
    this.#pushes.set(body.id, record);
    this.#receiptsSeen.set(body.id, new Set());
    this.#forgetOld();
    this.#changed(record);
    return record;
  }

  onReceipt(device: string, payload: Buffer | string): void {
    this.#heard(device);
    const receipt = parseReceipt(payload);
    if (!receipt) return;
    const record = this.#pushes.get(receipt.id);
    const seen = this.#receiptsSeen.get(receipt.id);
    if (!record || !seen || seen.has(device)) return; // unknown push, or a duplicate (QoS 1 is at least once)
    if (record.target !== ALL && record.target !== device) return;
    seen.add(device);
    const at = Date.now();
    record.receipts.push({ device, at, latencyMs: at - record.sentAt });
    this.#changed(record);
  }

  /** A device refused a push (<prefix>/<device>/nack). */
  onNack(device: string, payload: Buffer | string): void {
    this.#heard(device);
    const nack = parseNack(payload);
    if (!nack) return;
    const record = this.#pushes.get(nack.id);
    const seen = this.#receiptsSeen.get(nack.id);
    if (!record || !seen || seen.has(device)) return;
    if (record.target !== ALL && record.target !== device) return;
    seen.add(device);
    (record.rejections ??= []).push({ device, at: Date.now(), reason: nack.reason });
    this.#changed(record);
  }

  /**
   * The longest message `target` takes: what its status said, else the contract's default; for "all",
   * the smallest over the known devices.
   */
  maxMessage(target: string): number {
    const limit = (d: DeviceView): number => statusMaxMessage(d.info) ?? DEFAULT_MAX_MESSAGE;
    if (target !== ALL) {
      const d = this.#devices.get(target);
      return d ? limit(d) : DEFAULT_MAX_MESSAGE;
    }
    let min = Infinity;
    for (const d of this.#devices.values()) min = Math.min(min, limit(d));
    return min === Infinity ? DEFAULT_MAX_MESSAGE : min;
  }

  onSerial(device: string, payload: Buffer | string): void {
    this.#heard(device);
    const line: SerialLine = { device, at: Date.now(), line: payload.toString().replace(/\r?\n$/, '') };
    keepLast(tailIn(this.#serial, device), line, this.#serialLines);
    this.emit('serial', line);
  }

  /** An event the device published on its own event topic (the broker's ACL lets only that device write it). */
  onEvent(device: string, payload: Buffer | string): DeviceEvent {
    const event: DeviceEvent = { device, at: Date.now(), seq: ++this.#eventSeq, ...parseEvent(payload) };
    if (event.truncated) {
      const now = event.at;
      if (now - (this.#oversizeNotedAt.get(device) ?? -Infinity) >= OVERSIZE_NOTE_EVERY_MS) {
        this.#oversizeNotedAt.set(device, now);
        this.#log(`an event from ${device} is ${event.bytes} bytes, over the ${EVENT_MAX_BYTES}-byte limit: kept its first ${EVENT_MAX_BYTES} bytes as text, marked truncated`);
      }
    }
    keepLast(tailIn(this.#events, device), event, this.#eventsPerDevice);
    keepLast(this.#recent, event, this.#recentEvents);
    // before #heard, so a device announcement it makes carries this event
    this.#device(device).lastEvent = event;
    this.#heard(device);
    this.emit('event', event);
    return event;
  }

  /** The device's kept events, oldest first. */
  events(device: string): DeviceEvent[] {
    return [...(this.#events.get(device) ?? [])];
  }

  /** The newest events of the whole fleet, oldest first. */
  recentEvents(): DeviceEvent[] {
    return [...this.#recent];
  }

  devices(): DeviceView[] {
    return [...this.#devices.values()].map((d) => ({ ...d })).sort((a, b) => a.id.localeCompare(b.id));
  }

  device(id: string): DeviceView | undefined {
    const d = this.#devices.get(id);
    return d && { ...d };
  }

  push(id: string): PushView | undefined {
    const r = this.#pushes.get(id);
    return r && view(r);
  }

  /** The newest pushes first. */
  pushes(limit = 50): PushView[] {
    return [...this.#pushes.values()].slice(-limit).reverse().map(view);
  }

  serial(device: string): SerialLine[] {
    return [...(this.#serial.get(device) ?? [])];
  }

  #forgetOld(): void {
    const drop: string[] = [];
    for (const id of this.#pushes.keys()) {
      if (this.#pushes.size - drop.length <= this.#pushHistory) break;
      drop.push(id);
    }
    for (const id of drop) {
      this.#pushes.delete(id);
      this.#receiptsSeen.delete(id);
      this.#dirty.delete(id);
    }
    if (drop.length > 0 && this.#archive) {
      const archive = this.#archive;
      this.#flushing = this.#flushing.then(() => archive.remove(drop)).catch(() => {});
    }
  }

  #changed(record: PushRecord): void {
    this.emit('push', view(record));
    if (!this.#archive) return;
    // A broadcast to thousands brings thousands of receipts: write each record at most every 500 ms.
    this.#dirty.add(record.id);
    this.#flushTimer ??= setTimeout(() => void this.flush(), 500);
  }

  /** Write changed push records to the archive now. */
  async flush(): Promise<void> {
    if (this.#flushTimer) clearTimeout(this.#flushTimer);
    this.#flushTimer = undefined;
    const archive = this.#archive;
    if (!archive || this.#dirty.size === 0) return this.#flushing;
    const records = [...this.#dirty].map((id) => this.#pushes.get(id)).filter((r): r is PushRecord => r !== undefined);
    this.#dirty.clear();
    this.#flushing = this.#flushing.then(() => archive.save(records)).catch(() => {});
    return this.#flushing;
  }
}

function view(r: PushRecord): PushView {
  const refused = r.rejections ?? [];
  const answered = r.receipts.length + refused.length;
  const done = r.target === ALL ? r.expected > 0 && r.receipts.length >= r.expected : r.receipts.length > 0;
  const rejected = !done && refused.length > 0 && (r.target !== ALL || (answered >= r.expected && r.receipts.length === 0));
  const expired = !done && !rejected && r.ttl > 0 && Date.now() > r.ts + r.ttl * 1000;
  const state: PushView['state'] = done ? 'delivered' : rejected ? 'rejected' : expired ? 'expired' : 'pending';
  return { ...r, receipts: [...r.receipts], rejections: [...refused], state, ...(rejected ? { reason: refused[0]!.reason } : {}) };
}
