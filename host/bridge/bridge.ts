// The bridge: each serial line of one board goes to <prefix>/<device>/serial (QoS 1), and each message on
// <prefix>/<device>/cmd is written to the board's console. It reads from a BoardConnection, so the board may
// come and go (the connection finds it again) and the monitor can run in the same process.
//
// Nothing is lost while the broker is away: lines go to a bounded on-disk queue and are sent, in order,
// once it answers again. The order is kept because a line is published directly only when the queue is
// empty; otherwise it joins the queue's tail. Messages already handed to the MQTT client when the
// connection drops are resent by the client itself on reconnect, before its 'connect' event (mqtt.js
// replays its outgoing store first), so they still come before the queue.
import { EventEmitter } from 'node:events';
import mqtt, { type MqttClient } from 'mqtt';
import { EspkitError } from '../../core/errors.ts';
import type { BoardConnection } from '../console/board-connection.ts';
import { LineSplitter } from '../console/line-splitter.ts';
import { visibleLine } from '../console/visible-line.ts';
import type { TraceRewriter } from '../espruino/trace.ts';
import { explainConnectError, redact, type BrokerTarget } from '../push/broker.ts';
import { checkDeviceId, checkPrefix, topic } from '../../core/wire/push.ts';
import { DiskQueue } from './disk-queue.ts';

/** Messages from the queue handed to the client at once while draining. */
const DRAIN_WINDOW = 64;
/** How long close() waits for unacknowledged messages before putting them back in the queue. */
const CLOSE_WAIT_MS = 2000;
/** Say so every this many dropped lines. */
const DROP_NOTE_EVERY = 1000;

export interface BridgeOptions {
  broker: BrokerTarget;
  device: string;
  prefix: string;
  /** The on-disk queue for lines the broker could not take. */
  queueFile: string;
  /** Most lines kept in it; the oldest are dropped beyond. */
  queueMax?: number;
  clientId?: string;
  /** ms between reconnection attempts to the broker; default 1000. */
  reconnectMs?: number;
  /** Espruino's error traces published in TypeScript terms (host/espruino/trace.ts). */
  traces?: TraceRewriter;
}

/** A trace frame still incomplete after this long is published as it came. */
const TRACE_HOLD_MS = 300;

export interface BridgeStats {
  /** Lines acknowledged by the broker. */
  published: number;
  /** Lines that went through the disk queue. */
  queued: number;
  /** Lines dropped because the queue was full. */
  dropped: number;
  /** Commands written to the board. */
  commands: number;
}

export interface BridgeEvents {
  /** A line for people. */
  note: [string];
  /** The bridge cannot go on (the broker refused our login); it has stopped. */
  fatal: [EspkitError];
  /** Connected and subscribed to the cmd topic (again, after each reconnection). */
  ready: [];
  /** A command arrived and was written to the board (or not: `written` false while the board is away). */
  command: [{ text: string; written: boolean }];
}

export class SerialBridge extends EventEmitter<BridgeEvents> {
  readonly serialTopic: string;
  readonly cmdTopic: string;
  readonly stats: BridgeStats = { published: 0, queued: 0, dropped: 0, commands: 0 };
  readonly queue: DiskQueue;
  private readonly client: MqttClient;
  private readonly splitter = new LineSplitter();
  private online = false;
  private everOnline = false;
  private warnedUnreachable = false;
  private closed = false;
  /** Messages handed to the client and not yet acknowledged, by our own sequence number. */
  private readonly inflight = new Map<number, Buffer>();
  private seq = 0;
  private drainInflight = 0;
  private readonly where: string;
  private readonly onData = (data: Buffer): void => {
    for (const line of this.splitter.push(data)) this.line(line);
  };
  private readonly onLost = (): void => {
    // The board went away mid-line: what it said so far is still a line.
    const rest = this.splitter.flush();
    if (rest) this.line(rest);
  };

  constructor(private readonly connection: BoardConnection, private readonly options: BridgeOptions) {
    super();
    checkDeviceId(options.device);
    checkPrefix(options.prefix);
    this.serialTopic = topic(options.prefix, options.device, 'serial');
    this.cmdTopic = topic(options.prefix, options.device, 'cmd');
    this.where = redact(options.broker.url);
    this.queue = DiskQueue.open(options.queueFile, { maxEntries: options.queueMax });
    this.stats.dropped = this.queue.dropped;
    connection.on('data', this.onData);
    connection.on('lost', this.onLost);
    this.client = mqtt.connect(options.broker.url, {
      protocolVersion: 4,
      clientId: options.clientId ?? `espkit-bridge-${options.device}-${Math.random().toString(16).slice(2, 8)}`,
      // Our own disk queue carries lines across broker outages and bridge restarts; no broker session needed.
      clean: true,
      reconnectPeriod: options.reconnectMs ?? 1000,
      connectTimeout: 5000,
      keepalive: 30,
      ca: options.broker.ca,
      queueQoSZero: false,
    });
    this.client.on('connect', () => this.onConnect());
    this.client.on('close', () => this.onClose());
    this.client.on('error', (err) => this.onError(err));
    this.client.on('message', (t, payload) => this.onMessage(t, payload));
    const waiting = this.queue.length;
    // after the constructor returns, so that whoever made us has attached its listeners
    if (waiting > 0) queueMicrotask(() => this.emit('note', `${waiting} lines from an earlier run are waiting in ${this.queue.file}`));
  }

  /** True while the broker connection is up. */
  get connected(): boolean {
    return this.online;
  }

  /** Stop: publish what is pending if the broker is there, keep the rest on disk for next time. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.connection.off('data', this.onData);
    this.connection.off('lost', this.onLost);
    const rest = this.splitter.flush();
    if (rest) this.line(rest, true);
    this.releaseTrace(true);
    const deadline = Date.now() + CLOSE_WAIT_MS;
    while (this.online && this.inflight.size > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const unacked = [...this.inflight.values()];
    this.inflight.clear();
    await new Promise<void>((resolve) => this.client.end(true, {}, () => resolve()));
    if (unacked.length > 0) this.queue.prepend(unacked);
    this.queue.close();
  }

  private traceTimer: NodeJS.Timeout | undefined;

  /** A console line: through the trace rewriter (which may hold a frame until it is complete), then out. */
  private line(bytes: Buffer, closing = false): void {
    const traces = this.options.traces;
    if (!traces) return this.send(bytes, closing);
    clearTimeout(this.traceTimer);
    for (const text of traces.push(bytes.toString('latin1'))) this.send(Buffer.from(text, 'latin1'), closing);
    if (closing) this.releaseTrace(true);
    else if (traces.holding) {
      this.traceTimer = setTimeout(() => this.releaseTrace(false), TRACE_HOLD_MS);
      this.traceTimer.unref();
    }
  }

  private releaseTrace(closing: boolean): void {
    clearTimeout(this.traceTimer);
    for (const text of this.options.traces?.flush() ?? []) this.send(Buffer.from(text, 'latin1'), closing);
  }

  private send(bytes: Buffer, closing: boolean): void {
    // What the console shows: Espruino's line-editor moves applied, the bytes otherwise as they came.
    const payload = Buffer.from(visibleLine(bytes.toString('latin1')), 'latin1');
    if (this.online && this.queue.length === 0 && !closing) {
      this.publish(payload);
      return;
    }
    const before = this.queue.dropped;
    this.queue.push(payload);
    this.stats.queued++;
    if (this.queue.dropped > before) {
      this.stats.dropped += this.queue.dropped - before;
      if (before === 0 || Math.floor(this.queue.dropped / DROP_NOTE_EVERY) > Math.floor(before / DROP_NOTE_EVERY)) {
        this.emit('note', `the queue is full (${this.queue.maxEntries} lines): dropping the oldest (${this.queue.dropped} so far)`);
      }
    }
  }

  private publish(payload: Buffer, onDone?: () => void): void {
    const id = this.seq++;
    this.inflight.set(id, payload);
    this.client.publish(this.serialTopic, payload, { qos: 1 }, (err) => {
      if (!err && this.inflight.delete(id)) this.stats.published++;
      onDone?.();
    });
  }

  private onConnect(): void {
    this.online = true;
    const queued = this.queue.length;
    this.emit('note', `${this.everOnline ? 'back on' : 'connected to'} the broker ${this.where}: ${this.serialTopic} <- serial lines, ${this.cmdTopic} -> console${queued > 0 ? `; sending ${queued} queued lines` : ''}`);
    this.everOnline = true;
    this.client.subscribe(this.cmdTopic, { qos: 1 }, (err) => {
      if (this.closed) return;
      if (err) this.emit('note', `cannot subscribe to ${this.cmdTopic}: ${err.message}`);
      else this.emit('ready');
    });
    this.drain();
  }

  private drain(): void {
    while (this.online && !this.closed && this.drainInflight < DRAIN_WINDOW && this.queue.length > 0) {
      const payload = this.queue.shift()!;
      this.drainInflight++;
      this.publish(payload, () => {
        this.drainInflight--;
        if (this.queue.length === 0 && this.drainInflight === 0 && this.online) this.emit('note', 'the queued lines are sent');
        this.drain();
      });
    }
  }

  private onClose(): void {
    if (this.closed) return;
    if (this.online) this.emit('note', `lost the broker ${this.where}: queueing lines in ${this.queue.file} until it is back`);
    this.online = false;
  }

  private onError(err: Error & { code?: string | number }): void {
    if (this.closed) return;
    if (err.code === 4 || err.code === 5) {
      // A refused login will not fix itself by retrying.
      const fatal = explainConnectError(this.options.broker, err);
      this.client.end(true);
      this.emit('fatal', fatal);
      return;
    }
    if (!this.everOnline && !this.warnedUnreachable) {
      this.warnedUnreachable = true;
      this.emit('note', `${explainConnectError(this.options.broker, err).message}; queueing lines in ${this.queue.file} and retrying`);
    }
  }

  private onMessage(t: string, payload: Buffer): void {
    if (t !== this.cmdTopic) return;
    const last = payload[payload.length - 1];
    const line = last === 0x0a || last === 0x0d ? payload : Buffer.concat([payload, Buffer.from('\n')]);
    const written = this.connection.write(line);
    if (written) this.stats.commands++;
    const text = payload.toString('utf8');
    this.emit('command', { text, written });
    if (!written) this.emit('note', `the board is away: command ${JSON.stringify(text.slice(0, 60))} not sent`);
  }
}
