// MQTT 3.1.1 packets as byte strings (each character one byte, 0-255): Espruino's net sockets deliver
// and take strings like these (facts/espruino.md). Only what a device needs: CONNECT, CONNACK, PUBLISH,
// PUBACK, SUBSCRIBE, SUBACK, PINGREQ, PINGRESP (a device never says goodbye: its Will does).
// Source: MQTT Version 3.1.1, OASIS Standard, sections 2 (fixed header, remaining length) and 3.

export const CONNECT = 1;
export const CONNACK = 2;
export const PUBLISH = 3;
export const PUBACK = 4;
export const SUBSCRIBE = 8;
export const SUBACK = 9;
export const PINGREQ = 12;
export const PINGRESP = 13;

/** CONNACK return codes 1-5 (3.2.2.3). */
export const CONNACK_REASONS = [
  'accepted',
  'unacceptable protocol version',
  'identifier rejected',
  'server unavailable',
  'bad user name or password',
  'not authorized',
];

/** The largest remaining length the encoding allows (4 bytes of 7 bits). */
export const MAX_REMAINING = 268435455;

export function u16(n: number): string {
  return String.fromCharCode((n >> 8) & 255, n & 255);
}

/** A UTF-8 string field: two length bytes, then the bytes. */
export function field(s: string): string {
  return u16(s.length) + s;
}

/** The remaining-length field: 7 bits per byte, least significant first, high bit = more follows. */
export function remainingLength(n: number): string {
  let out = '';
  do {
    let b = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) b = b | 128;
    out += String.fromCharCode(b);
  } while (n > 0);
  return out;
}

export function packet(type: number, flags: number, body: string): string {
  return String.fromCharCode((type << 4) | flags) + remainingLength(body.length) + body;
}

export interface Will {
  topic: string;
  payload: string;
  qos: number;
  retain: boolean;
}

export interface ConnectOptions {
  clientId: string;
  /** Seconds. */
  keepalive: number;
  clean: boolean;
  username?: string;
  password?: string;
  will?: Will;
}

export function connectPacket(o: ConnectOptions): string {
  let flags = o.clean ? 2 : 0;
  let payload = field(o.clientId);
  if (o.will) {
    flags = flags | 4 | (o.will.qos << 3) | (o.will.retain ? 32 : 0);
    payload += field(o.will.topic) + field(o.will.payload);
  }
  if (o.username !== undefined) {
    flags = flags | 128;
    payload += field(o.username);
  }
  if (o.password !== undefined) {
    flags = flags | 64;
    payload += field(o.password);
  }
  return packet(CONNECT, 0, field('MQTT') + String.fromCharCode(4, flags) + u16(o.keepalive) + payload);
}

export function publishPacket(topic: string, payload: string, qos: number, retain: boolean, id: number, dup: boolean): string {
  const flags = (dup ? 8 : 0) | (qos << 1) | (retain ? 1 : 0);
  return packet(PUBLISH, flags, field(topic) + (qos > 0 ? u16(id) : '') + payload);
}

export function subscribePacket(id: number, topics: string[], qos: number): string {
  let body = u16(id);
  for (let i = 0; i < topics.length; i++) body += field(topics[i]) + String.fromCharCode(qos);
  return packet(SUBSCRIBE, 2, body);
}

export function pubackPacket(id: number): string {
  return packet(PUBACK, 0, u16(id));
}

export const PINGREQ_PACKET = packet(PINGREQ, 0, '');

/** A received packet: its type, the low 4 bits of its first byte, and the bytes after the header. */
export interface Packet {
  type: number;
  flags: number;
  body: string;
}

export interface Publish {
  topic: string;
  payload: string;
  qos: number;
  retain: boolean;
  dup: boolean;
  /** Packet identifier; 0 for QoS 0. */
  id: number;
}

export function readU16(s: string, at: number): number {
  return (s.charCodeAt(at) << 8) | s.charCodeAt(at + 1);
}

/** Decode a PUBLISH body; undefined when it is malformed. */
export function parsePublish(p: Packet): Publish | undefined {
  const qos = (p.flags >> 1) & 3;
  if (qos === 3 || p.body.length < 2) return undefined;
  const topicLength = readU16(p.body, 0);
  const head = 2 + topicLength + (qos > 0 ? 2 : 0);
  if (head > p.body.length) return undefined;
  return {
    topic: p.body.substr(2, topicLength),
    payload: p.body.substr(head),
    qos,
    retain: (p.flags & 1) === 1,
    dup: (p.flags & 8) === 8,
    id: qos > 0 ? readU16(p.body, 2 + topicLength) : 0,
  };
}

/** What a PUBLISH too large to keep still tells us: enough to acknowledge it. */
export interface Oversized {
  size: number;
  qos: number;
  id: number;
  topic: string;
}

/**
 * Reassembles packets from the pieces a socket delivers (Espruino's net hands over at most 536 bytes at
 * a time, split or coalesced anywhere). A packet larger than `maxPacket` is never buffered: its head is
 * read (so a QoS 1 PUBLISH can still be acknowledged) and the rest is skipped as it streams past.
 */
export class PacketReader {
  private buf = '';
  private skip = 0;

  constructor(private readonly maxPacket: number) {}

  /**
   * Feed received bytes. Calls `onPacket` per whole packet and `onOversized` per skipped one; returns an
   * error text when the stream is not MQTT (the connection should then be dropped).
   */
  feed(data: string, onPacket: (p: Packet) => void, onOversized: (o: Oversized) => void): string | undefined {
    if (this.skip > 0) {
      const n = Math.min(this.skip, data.length);
      this.skip -= n;
      data = data.substr(n);
    }
    this.buf += data;
    while (this.buf.length >= 2) {
      const first = this.buf.charCodeAt(0);
      let length = 0;
      let multiplier = 1;
      let at = 1;
      let complete = false;
      while (at < this.buf.length && at <= 4) {
        const b = this.buf.charCodeAt(at);
        length += (b & 127) * multiplier;
        multiplier *= 128;
        at++;
        if ((b & 128) === 0) {
          complete = true;
          break;
        }
      }
      if (!complete) {
        if (at > 4) return 'malformed remaining length';
        return undefined; // the length continues in the next piece
      }
      const type = first >> 4;
      if (type === 0 || type === 15) return `unexpected packet type ${type}`;
      const total = at + length;
      if (length > this.maxPacket) {
        if (type !== PUBLISH) return `oversized packet of type ${type}`;
        const qos = (first >> 1) & 3;
        if (this.buf.length < at + 2) return undefined;
        const topicLength = readU16(this.buf, at);
        const head = at + 2 + topicLength + (qos > 0 ? 2 : 0);
        if (head > total || head > this.maxPacket) return 'malformed oversized publish';
        if (this.buf.length < head) return undefined;
        const over: Oversized = {
          size: length,
          qos,
          id: qos > 0 ? readU16(this.buf, at + 2 + topicLength) : 0,
          topic: this.buf.substr(at + 2, topicLength),
        };
        if (this.buf.length >= total) this.buf = this.buf.substr(total);
        else {
          this.skip = total - this.buf.length;
          this.buf = '';
        }
        onOversized(over);
        continue;
      }
      if (this.buf.length < total) return undefined;
      const body = this.buf.substr(at, length);
      this.buf = this.buf.substr(total);
      onPacket({ type, flags: first & 15, body });
    }
    return undefined;
  }

  /** Forget any partial packet (a new connection starts clean). */
  reset(): void {
    this.buf = '';
    this.skip = 0;
  }
}
