// SLIP framing (RFC 1055) as the ESP32 ROM loader and esptool use it: every packet sits between two 0xC0 bytes;
// 0xC0 inside a packet travels as 0xDB 0xDC and 0xDB as 0xDB 0xDD.
// Source: esptool docs, "Serial Protocol" > "Low Level Protocol".
// Written once for both ends (the flasher side and the virtual board's ROM loader), in small pieces:
// `slipEncode` (one packet to bytes), `SlipDecoder` (bytes to packets, push style) and two Transform streams.
import { Transform, type TransformCallback } from 'node:stream';

export const SLIP_END = 0xc0;
export const SLIP_ESC = 0xdb;
export const SLIP_ESC_END = 0xdc;
export const SLIP_ESC_ESC = 0xdd;

/** One packet, framed and escaped: END, payload, END. */
export function slipEncode(packet: Uint8Array): Buffer {
  let extra = 0;
  for (const b of packet) if (b === SLIP_END || b === SLIP_ESC) extra++;
  const out = Buffer.allocUnsafe(packet.length + extra + 2);
  let o = 0;
  out[o++] = SLIP_END;
  for (const b of packet) {
    if (b === SLIP_END) { out[o++] = SLIP_ESC; out[o++] = SLIP_ESC_END; }
    else if (b === SLIP_ESC) { out[o++] = SLIP_ESC; out[o++] = SLIP_ESC_ESC; }
    else out[o++] = b;
  }
  out[o++] = SLIP_END;
  return out;
}

export interface SlipDecoderOptions {
  /** Packets longer than this are dropped whole (line noise without an END byte); default 64 KiB + headers. */
  maxPacket?: number;
  /** Bytes seen outside any packet (boot messages, noise), in the order they came. */
  onNoise?: (data: Buffer) => void;
  /** A packet that broke the rules (a bad escape, or too long); it is dropped. */
  onError?: (reason: string) => void;
}

/**
 * Bytes in, packets out. Feed it chunks as they arrive; packets split across chunks are kept until complete.
 * Like the ROM, an END byte both closes and opens a packet, so back-to-back packets and empty frames are fine
 * (empty frames are not reported).
 */
export class SlipDecoder {
  private readonly maxPacket: number;
  private buf: Buffer;
  private len = 0;
  private inPacket = false;
  private escaping = false;
  private broken = false;

  constructor(private readonly options: SlipDecoderOptions = {}) {
    this.maxPacket = options.maxPacket ?? 0x10000 + 64;
    this.buf = Buffer.allocUnsafe(Math.min(this.maxPacket, 0x4100));
  }

  /** Returns the packets completed by this chunk. */
  feed(chunk: Uint8Array): Buffer[] {
    const packets: Buffer[] = [];
    let noiseStart = -1;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (!this.inPacket) {
        if (b === SLIP_END) {
          if (noiseStart >= 0) { this.options.onNoise?.(Buffer.from(chunk.subarray(noiseStart, i))); noiseStart = -1; }
          this.startPacket();
        } else if (noiseStart < 0) {
          noiseStart = i;
        }
        continue;
      }
      if (b === SLIP_END) {
        if (this.escaping) this.fail('SLIP escape byte 0xDB followed by the end of the packet');
        if (!this.broken && this.len > 0) packets.push(Buffer.from(this.buf.subarray(0, this.len)));
        this.startPacket(); // an END also opens the next packet
        continue;
      }
      if (this.broken) continue;
      if (this.escaping) {
        this.escaping = false;
        if (b === SLIP_ESC_END) this.append(SLIP_END);
        else if (b === SLIP_ESC_ESC) this.append(SLIP_ESC);
        else this.fail(`bad SLIP escape 0xDB 0x${b.toString(16).padStart(2, '0')}`);
      } else if (b === SLIP_ESC) {
        this.escaping = true;
      } else {
        this.append(b);
      }
    }
    if (noiseStart >= 0) this.options.onNoise?.(Buffer.from(chunk.subarray(noiseStart)));
    return packets;
  }

  /** Forget any partial packet (after a reset, for instance). */
  reset(): void {
    this.inPacket = false;
    this.len = 0;
    this.escaping = false;
    this.broken = false;
  }

  private startPacket(): void {
    this.inPacket = true;
    this.len = 0;
    this.escaping = false;
    this.broken = false;
  }

  private append(b: number): void {
    if (this.len >= this.maxPacket) {
      this.fail(`SLIP packet longer than ${this.maxPacket} bytes`);
      return;
    }
    if (this.len === this.buf.length) {
      const bigger = Buffer.allocUnsafe(Math.min(this.maxPacket, this.buf.length * 2));
      this.buf.copy(bigger, 0, 0, this.len);
      this.buf = bigger;
    }
    this.buf[this.len++] = b;
  }

  private fail(reason: string): void {
    this.broken = true;
    this.escaping = false;
    this.options.onError?.(reason);
  }
}

/** A Transform that frames each written chunk as one SLIP packet. */
export class SlipEncoderStream extends Transform {
  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    callback(null, slipEncode(chunk));
  }
}

/** A Transform (object mode on the readable side) that emits one Buffer per complete SLIP packet. */
export class SlipDecoderStream extends Transform {
  private readonly decoder: SlipDecoder;

  constructor(options: SlipDecoderOptions = {}) {
    super({ readableObjectMode: true });
    this.decoder = new SlipDecoder(options);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    for (const packet of this.decoder.feed(chunk)) this.push(packet);
    callback();
  }
}
