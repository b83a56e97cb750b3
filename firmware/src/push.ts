// Pushes per the wire contract (DESIGN.md, core/wire/push.ts): {"id","msg","ts","ttl"} arrives on
// <prefix>/<device>/push or the broadcast topic at QoS 1. QoS 1 is at least once, so ids are remembered
// and a repeat is not delivered again (its receipt is sent again: the first may be what got lost). A push
// whose ts + ttl seconds has passed is dropped, when the clock is known (an ESP32 starts at 1970 until
// SNTP sets it). Anything that is not a push is dropped with a console line and nothing else.
// The limit on msg counts characters (Unicode code points), as the host does before it sends
// (core/wire/push.ts messageLength): "Tür" is 3, "€" 1, an emoji 1 (docs/firmware-on-espruino.md, Strings).

export interface Push {
  id: string;
  msg: string;
  /** Milliseconds since the epoch, sender's clock. */
  ts: number;
  /** Seconds; 0 never expires. */
  ttl: number;
}

export interface PushOutlets {
  deliver(push: Push): void;
  receipt(id: string): void;
  dropped(id: string, reason: string): void;
}

// Espruino's E (firmware/types), the part used here, declared in this module too: the tests in Node import
// this file, and Node's globals and the board's cannot be loaded together.
declare const E: { toUint8Array(text: string): Uint8Array };

/** How many push ids are remembered for deduplication. */
const REMEMBERED = 32;
/** Ids longer than this are not ids (the host makes 12 hex digits). */
const MAX_ID = 64;
/** Clocks before 2020 have not been set. */
const CLOCK_SET_AFTER = 1577836800000;

/** A push from a payload, or the reason it is not one. */
export function parsePush(payload: string, maxMessage: number): Push | string {
  let v: unknown;
  try {
    v = JSON.parse(payload);
  } catch (e) {
    return 'not JSON';
  }
  if (!v || typeof v !== 'object') return 'not an object';
  const o = v as { id?: unknown; msg?: unknown; ts?: unknown; ttl?: unknown };
  if (typeof o.id !== 'string' || o.id.length === 0 || o.id.length > MAX_ID) return 'bad id';
  if (typeof o.msg !== 'string') return 'bad msg';
  // A string is never shorter than its characters, so only a longer one is counted: the bytes of its UTF-8 that
  // start a character. On Espruino 2v29 JSON.parse gives a Unicode string for valid UTF-8 (its length counts
  // characters, its charCodeAt gives code points) and a string of bytes for anything else; E.toUint8Array
  // gives the UTF-8 of the one and the bytes of the other, so both count alike.
  if (o.msg.length > maxMessage) {
    const utf8 = E.toUint8Array(o.msg);
    let chars = 0;
    for (let i = 0; i < utf8.length; i++) if ((utf8[i] & 0xc0) !== 0x80) chars++;
    if (chars > maxMessage) return 'msg longer than ' + maxMessage;
  }
  const ts = typeof o.ts === 'number' ? o.ts : 0;
  const ttl = typeof o.ttl === 'number' && o.ttl > 0 ? o.ttl : 0;
  return { id: o.id, msg: o.msg, ts, ttl };
}

export class PushInbox {
  private seen: string[] = [];

  constructor(private readonly maxMessage: number, private readonly outlets: PushOutlets) {}

  /** Handle one payload; returns what happened ("delivered", "duplicate", "expired" or the reason). */
  handle(payload: string, now: number): string {
    const push = parsePush(payload, this.maxMessage);
    if (typeof push === 'string') {
      // the id of what failed to parse, if one can be seen, for the console line; the length is checked in
      // code: Espruino's regex engine reads `{1,64}` as literal text (docs/firmware-on-espruino.md)
      const m = /"id"\s*:\s*"([^"]+)"/.exec(payload.substr(0, 200));
      this.outlets.dropped(m && m[1].length <= MAX_ID ? m[1] : '-', push);
      return push;
    }
    if (this.seen.indexOf(push.id) >= 0) {
      this.outlets.receipt(push.id);
      this.outlets.dropped(push.id, 'duplicate');
      return 'duplicate';
    }
    this.seen.push(push.id);
    if (this.seen.length > REMEMBERED) this.seen.shift();
    // expiry is judged only with a ttl, a sender's time and a clock that has been set
    if (push.ttl > 0 && push.ts > 0 && now >= CLOCK_SET_AFTER && now > push.ts + push.ttl * 1000) {
      this.outlets.dropped(push.id, 'expired');
      return 'expired';
    }
    this.outlets.deliver(push);
    this.outlets.receipt(push.id);
    return 'delivered';
  }
}

