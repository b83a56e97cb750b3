// One MQTT 3.1.1 session with the broker, kept alive across drops: clean session off (so the broker
// keeps our subscriptions and queues QoS 1 pushes while we are away), a retained Will, credentials,
// keepalive with a PINGRESP deadline, QoS 1 publishes retried until PUBACK (and resent with DUP after a
// reconnect, as 3.1.1 section 4.4 asks), incoming QoS 1 acknowledged, subscriptions renewed on every
// connect, reconnects with backoff. Espruino's own MQTT module does none of the reliable parts
// (facts/espruino.md), so this is ours.
// Steps that run from one place are written where they run, not as methods: on Espruino every function
// costs about six JsVars besides its code text for as long as the device runs (docs/firmware-on-espruino.md).
import {
  CONNACK, PUBLISH, PUBACK, SUBACK, PINGRESP, CONNACK_REASONS, PINGREQ_PACKET,
  PacketReader, connectPacket, publishPacket, subscribePacket, pubackPacket, parsePublish,
  type Packet, type Oversized,
} from './packet.ts';
import { backoffMs } from '../backoff.ts';

export interface SessionConfig {
  host: string;
  port: number;
  clientId: string;
  username?: string;
  password?: string;
  /** Seconds. */
  keepalive: number;
  willTopic: string;
  willPayload: string;
  /** Topics subscribed at QoS 1 on every connect. */
  subscriptions: string[];
  /** The last this many subscriptions may be refused: the session is up without them (default none). */
  optional?: number;
  /** Packets larger than this are skipped, never buffered. */
  maxPacket: number;
}

export interface SessionHandlers {
  /** Accepted, and every subscription granted but optional ones (`lacking`: one of those was refused). */
  connected(sessionPresent: boolean, lacking: boolean): void;
  refused(code: number, reason: string): void;
  lost(why: string, retryMs: number): void;
  message(topic: string, payload: string): void;
  oversized(topic: string, size: number): void;
  /** Something worth a console line that does not end the session. */
  warn(text: string): void;
}

interface Outgoing {
  id: number;
  topic: string;
  payload: string;
  retain: boolean;
  /** When it was last sent (0 = not yet). */
  sentAt: number;
}

/** Unacknowledged QoS 1 publishes at once; more wait in the queue. */
const MAX_INFLIGHT = 8;
/** QoS 1 publishes kept while offline; the oldest is dropped beyond this. */
const MAX_QUEUED = 20;
/** A QoS 1 publish without PUBACK is sent again after this long. */
const RETRY_MS = 10000;
/** A connection that has not been accepted by then is given up. */
const CONNACK_TIMEOUT_MS = 10000;

export class MqttSession {
  private sock: NetSocket | undefined;
  private online = false;
  private enabled = false;
  private readonly reader: PacketReader;
  /** The last packet id taken (ids run 1..65535). */
  private lastId = 0;
  private inflight: Outgoing[] = [];
  private queue: Outgoing[] = [];
  private retryTimer: number | undefined;
  private tickTimer: number | undefined;
  private openedAt = 0;
  private lastSent = 0;
  private pingAt = 0;
  private refusedCode = 0;
  /** The broker kept our session (CONNACK's session present flag). */
  private present = false;
  /** Failed connects since the last success (for the backoff). */
  private failures = 0;

  constructor(private readonly config: SessionConfig, private readonly handlers: SessionHandlers) {
    this.reader = new PacketReader(config.maxPacket);
  }

  /** The network is up: connect (now) and keep connected. */
  start(): void {
    this.enabled = true;
    this.failures = 0;
    this.connect();
  }

  /**
   * The network is gone: close and wait for start(). Queued publishes are kept. No DISCONNECT is sent:
   * it could not get through, and if it did the broker would discard our Will.
   */
  stop(): void {
    this.enabled = false;
    this.cancelRetry();
    this.drop('network down', false);
  }

  /**
   * Publish. QoS 1 is kept until the broker acknowledges it, across reconnects; QoS 0 is sent only when
   * online. Returns false when the message was not taken.
   */
  publish(topic: string, payload: string, qos: number, retain: boolean): boolean {
    if (qos === 0) {
      if (!this.online) return false;
      this.send(publishPacket(topic, payload, 0, retain, 0, false));
      return true;
    }
    if (this.queue.length >= MAX_QUEUED) this.queue.shift();
    this.queue.push({ id: 0, topic, payload, retain, sentAt: 0 });
    this.flush();
    return true;
  }

  private connect(): void {
    this.cancelRetry();
    if (!this.enabled || this.sock) return;
    let sock: NetSocket;
    try {
      // a connect callback only: adding .on('connect') as well crashes Espruino (facts/espruino.md)
      sock = require('net').connect({ host: this.config.host, port: this.config.port }, () => {
        if (this.sock !== sock) return;
        const c = this.config;
        this.send(connectPacket({
          clientId: c.clientId,
          keepalive: c.keepalive,
          clean: false,
          username: c.username,
          password: c.password,
          will: { topic: c.willTopic, payload: c.willPayload, qos: 1, retain: true },
        }));
      });
    } catch (e) {
      // a refused port or unknown host throws at once instead of emitting 'error'
      this.scheduleRetry('cannot connect to ' + this.config.host + ':' + this.config.port + ' (' + errorText(e) + ')');
      return;
    }
    this.sock = sock;
    this.reader.reset();
    this.openedAt = Date.now();
    sock.on('data', (data: string) => {
      if (this.sock !== sock) return;
      this.pingAt = 0; // anything from the broker shows the link is alive
      const error = this.reader.feed(
        data,
        (p: Packet) => this.packet(p),
        (o: Oversized) => {
          if (o.qos > 0) this.send(pubackPacket(o.id));
          this.handlers.oversized(o.topic, o.size);
        },
      );
      if (error) this.drop('bad data from the broker: ' + error, true);
    });
    sock.on('close', () => {
      if (this.sock === sock) this.drop('connection closed', true);
    });
    sock.on('error', (e: unknown) => {
      if (this.sock === sock) this.drop('socket error (' + errorText(e) + ')', true);
    });
    if (this.tickTimer === undefined) this.tickTimer = setInterval(() => this.tick(), 1000);
  }

  private packet(p: Packet): void {
    if (p.type === CONNACK) {
      const code = p.body.charCodeAt(1);
      if (code !== 0) {
        // 3.1.1 section 3.2.2.3: the return code is the second byte (Espruino's module reads the first)
        this.refusedCode = code;
        this.handlers.refused(code, CONNACK_REASONS[code] || 'refused (code ' + code + ')');
        this.drop('refused', true);
        return;
      }
      this.online = true;
      this.refusedCode = 0;
      this.failures = 0;
      this.present = (p.body.charCodeAt(0) & 1) === 1;
      // a SUBSCRIBE must name a topic (3.1.1 section 3.8.3): a session that only publishes is online at CONNACK
      if (this.config.subscriptions.length) this.send(subscribePacket(this.lastId = this.lastId % 65535 + 1, this.config.subscriptions, 1));
      else this.handlers.connected(this.present, false);
      // unacknowledged publishes are sent again, flagged DUP, in their original order
      for (let i = 0; i < this.inflight.length; i++) this.transmit(this.inflight[i], true);
      this.flush();
    } else if (p.type === PUBLISH) {
      const msg = parsePublish(p);
      if (!msg) {
        this.drop('malformed PUBLISH', true);
        return;
      }
      if (msg.qos > 0) this.send(pubackPacket(msg.id));
      this.handlers.message(msg.topic, msg.payload);
    } else if (p.type === PUBACK) {
      const id = (p.body.charCodeAt(0) << 8) | p.body.charCodeAt(1);
      this.inflight = this.inflight.filter((o) => o.id !== id);
      this.flush();
    } else if (p.type === SUBACK) {
      // only a session whose required subscriptions were all granted is online; a refusal (0x80, 3.9.3) of one
      // is said once with its topic and the session stays up without them, so the broker's ACL is not hammered
      const subs = this.config.subscriptions;
      let lacking = false;
      for (let i = 2; i < p.body.length; i++) {
        if (p.body.charCodeAt(i) === 0x80) {
          if (i - 2 < subs.length - (this.config.optional || 0)) {
            this.handlers.warn('subscription refused ' + subs[i - 2]);
            return;
          }
          lacking = true;
        }
      }
      this.handlers.connected(this.present, lacking);
    } else if (p.type === PINGRESP) this.pingAt = 0;
  }

  private flush(): void {
    while (this.online && this.inflight.length < MAX_INFLIGHT && this.queue.length > 0) {
      const o = this.queue.shift() as Outgoing;
      o.id = this.lastId = this.lastId % 65535 + 1;
      this.inflight.push(o);
      this.transmit(o, false);
    }
  }

  private transmit(o: Outgoing, dup: boolean): void {
    o.sentAt = Date.now();
    this.send(publishPacket(o.topic, o.payload, 1, o.retain, o.id, dup));
  }

  private send(bytes: string): void {
    if (!this.sock) return;
    this.lastSent = Date.now();
    this.sock.write(bytes);
  }

  /** Once a second while a socket is open: connect deadline, keepalive, PINGRESP deadline, retries. */
  private tick(): void {
    const now = Date.now();
    if (!this.online) {
      if (this.sock && now - this.openedAt > CONNACK_TIMEOUT_MS) this.drop('no CONNACK within ' + CONNACK_TIMEOUT_MS / 1000 + ' s', true);
      return;
    }
    const keepaliveMs = this.config.keepalive * 1000;
    // a PINGREQ may go unanswered for half the keepalive, within 3 to 15 seconds
    const pingDeadline = Math.min(15000, Math.max(3000, keepaliveMs / 2));
    if (this.pingAt > 0 && now - this.pingAt > pingDeadline) {
      this.drop('no PINGRESP within ' + Math.floor(pingDeadline / 1000 + 0.5) + ' s', true);
      return;
    }
    if (this.pingAt === 0 && now - this.lastSent >= keepaliveMs * 0.75) {
      this.send(PINGREQ_PACKET);
      this.pingAt = now;
    }
    for (let i = 0; i < this.inflight.length; i++) {
      if (now - this.inflight[i].sentAt > RETRY_MS) this.transmit(this.inflight[i], true);
    }
  }

  /** Close the socket; when `reconnect`, report the loss and schedule the next attempt. */
  private drop(why: string, reconnect: boolean): void {
    const sock = this.sock;
    this.sock = undefined;
    this.online = false;
    this.pingAt = 0;
    if (this.tickTimer !== undefined) clearInterval(this.tickTimer);
    this.tickTimer = undefined;
    if (sock) {
      try {
        sock.end();
      } catch (e) {
        // already closed
      }
    }
    if (reconnect && this.enabled) this.scheduleRetry(why);
  }

  private scheduleRetry(why: string): void {
    if (!this.enabled) return;
    let ms = backoffMs(this.failures++, 1000, 60000);
    // a refusal will not go away in a second: do not hammer the broker with bad credentials
    if (this.refusedCode !== 0 && ms < 10000) ms = 10000;
    this.handlers.lost(why, ms);
    this.cancelRetry();
    // Espruino throws "Unknown Timeout" when clearing a timer that has fired: forget it as it fires
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.connect();
    }, ms);
  }

  private cancelRetry(): void {
    if (this.retryTimer !== undefined) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }
}

function errorText(e: unknown): string {
  return e && typeof e === 'object' && 'message' in e ? String((e as { message: unknown }).message) : String(e);
}
