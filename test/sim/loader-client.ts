// A raw loader-protocol client for tests: sends request packets over a Link and collects reply packets,
// so the tests see exactly what the chip answers (status bytes, command and value fields, extra packets).
import type { Link } from '../../host/link/index.ts';
import { SlipDecoder, slipEncode } from '../../core/protocol/slip.ts';

export interface Reply {
  op: number;
  value: number;
  data: Buffer;
}

export function request(op: number, data: Uint8Array = Buffer.alloc(0), checksum = 0): Buffer {
  const head = Buffer.alloc(8);
  head[1] = op;
  head.writeUInt16LE(data.length, 2);
  head.writeUInt32LE(checksum, 4);
  return Buffer.concat([head, data]);
}

export function u32(...values: number[]): Buffer {
  const b = Buffer.alloc(values.length * 4);
  values.forEach((v, i) => b.writeUInt32LE(v >>> 0, i * 4));
  return b;
}

export function xorChecksum(data: Uint8Array): number {
  let c = 0xef;
  for (const b of data) c ^= b;
  return c;
}

/** A _DATA command payload: size, seq, 0, 0, data. */
export function dataPayload(data: Uint8Array, seq: number): Buffer {
  return Buffer.concat([u32(data.length, seq, 0, 0), data]);
}

export const SYNC_DATA = Buffer.concat([Buffer.from([0x07, 0x07, 0x12, 0x20]), Buffer.alloc(32, 0x55)]);

export class LoaderClient {
  private readonly decoder = new SlipDecoder();
  private readonly packets: Buffer[] = [];
  private wake: (() => void) | undefined;

  constructor(private readonly link: Link) {
    link.on('data', (chunk: Buffer) => {
      for (const p of this.decoder.feed(chunk)) this.packets.push(p);
      this.wake?.();
    });
  }

  async send(packet: Uint8Array): Promise<void> {
    await this.link.send(slipEncode(packet));
  }

  /** The next raw packet (not necessarily a reply). */
  async packet(timeoutMs = 5000): Promise<Buffer> {
    const deadline = Date.now() + timeoutMs;
    while (this.packets.length === 0) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no packet from the board within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => { clearTimeout(timer); resolve(); };
      });
      this.wake = undefined;
    }
    return this.packets.shift()!;
  }

  async reply(timeoutMs = 5000): Promise<Reply> {
    const p = await this.packet(timeoutMs);
    if (p[0] !== 1 || p.length < 8) throw new Error(`not a reply: ${p.toString('hex')}`);
    const size = p.readUInt16LE(2);
    const data = p.subarray(8);
    if (size !== data.length) throw new Error(`reply size field ${size} but ${data.length} bytes`);
    return { op: p[1]!, value: p.readUInt32LE(4), data };
  }

  /** Send a command and return its (first) reply. */
  async command(op: number, data: Uint8Array = Buffer.alloc(0), checksum = 0): Promise<Reply> {
    await this.send(request(op, data, checksum));
    return this.reply();
  }

  /** Packets waiting right now. */
  get waiting(): number {
    return this.packets.length;
  }

  /** Wait until nothing has arrived for `quietMs`, then forget what came. */
  async drain(quietMs = 100): Promise<void> {
    let before = -1;
    while (before !== this.packets.length) {
      before = this.packets.length;
      await new Promise((r) => setTimeout(r, quietMs));
    }
    this.packets.length = 0;
  }
}
