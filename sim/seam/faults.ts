// Line faults for testing the tools around the board: bytes dropped or bit-flipped at a given rate, in either
// direction, and named loader packets lost whole. A seeded generator makes a failing run repeatable.
//
// Which bytes a rate hits depends on every byte that went the faulty way before, and the loader's exchange
// before a write is not the same from run to run: a SYNC reply that comes late on a loaded machine makes the
// host sync again, and the board answers 8 more times. A test that needs one particular packet to go missing
// names it instead (`losePackets`): the nth packet of a command, counted apart from all other traffic.
import { SLIP_END, SLIP_ESC, SLIP_ESC_END, SLIP_ESC_ESC } from '../../core/protocol/slip.ts';

export type FaultDirection = 'both' | 'to-board' | 'from-board';
export type LineWay = 'to-board' | 'from-board';

/** Loader packets lost whole: the `nth` (from 1) SLIP packets of command `op` on one wire, one way. */
export interface LostPackets {
  /** The command byte (a request's and its reply's second byte), e.g. 0x11 FLASH_DEFL_DATA. */
  op: number;
  /** Which of them, counted on each wire and way from when these faults were set. */
  nth: number[];
}

export interface LineFaults {
  /** Probability (0..1) that a byte is lost. */
  dropRate?: number;
  /** Probability (0..1) that a byte arrives with one bit flipped. */
  flipRate?: number;
  /** Which way the faults apply; default both. */
  direction?: FaultDirection;
  /** Seed for the generator; default 1. */
  seed?: number;
  /** Packets lost whole whatever came before them (their bytes count as dropped); applied before the rates. */
  losePackets?: LostPackets;
  /**
   * The fastest baud the host's USB-UART can run (an adapter or driver that cannot do what the flasher asks):
   * asked for more, it runs at this one, so while the chip is faster every byte arrives garbled or not at
   * all, both ways, as at any baud mismatch (sim/uart/baud-mismatch.ts). Below 115200 not even the ROM's
   * baud works. Applies to every host's wire whatever `direction` says; the rates and packets are apart.
   */
  maxBaud?: number;
}

/** mulberry32: a tiny, well-mixed 32-bit generator, plenty for fault injection. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function checkRate(name: string, rate: number | undefined): number {
  if (rate === undefined) return 0;
  if (typeof rate !== 'number' || !(rate >= 0 && rate <= 1)) throw new RangeError(`${name} must be a number from 0 to 1, got ${String(rate)}`);
  return rate;
}

function checkMaxBaud(baud: number | undefined): number | undefined {
  if (baud === undefined) return undefined;
  if (typeof baud !== 'number' || !(baud >= 300 && Number.isFinite(baud))) throw new RangeError(`maxBaud must be a baud from 300 up, got ${String(baud)}`);
  return baud;
}

function checkLostPackets(lose: LostPackets | undefined): LostPackets | undefined {
  if (lose === undefined) return undefined;
  if (!(Number.isInteger(lose.op) && lose.op >= 0 && lose.op <= 0xff)) throw new RangeError(`losePackets.op must be a command byte (0 to 255), got ${String(lose.op)}`);
  if (!Array.isArray(lose.nth) || !lose.nth.every((n) => Number.isInteger(n) && n >= 1)) {
    throw new RangeError(`losePackets.nth must list packet numbers from 1, got ${String(lose.nth)}`);
  }
  return { op: lose.op, nth: [...lose.nth] };
}

/**
 * Follows the SLIP packets on one wire, one way, and takes out the ones `losePackets` names. Packets are framed
 * END ... END, as the loader, the stub and esptool send them. A packet's first bytes are held until its command
 * byte is known, so a lost packet leaves no trace on the line however the line cuts it into chunks; bytes
 * outside packets (boot messages, Espruino's console) pass as they come.
 */
class PacketLoser {
  private inPacket = false;
  private held: number[] = [];
  /** Unescaped bytes of the open packet so far (the command is the second). */
  private length = 0;
  private escaped = false;
  private decided = false;
  private losing = false;
  private seen = 0;
  lost = 0;

  constructor(private readonly lose: LostPackets, readonly generation: number) {}

  /** Bytes kept back so far, handed out when the faults change. */
  release(): number[] {
    const held = this.held;
    this.held = [];
    return held;
  }

  /** Passes the bytes that go on into `out`; returns how many were lost. */
  feed(data: Buffer, out: number[]): number {
    let dropped = 0;
    for (const b of data) {
      if (!this.inPacket) {
        if (b === SLIP_END) this.open(b);
        else out.push(b);
        continue;
      }
      if (b === SLIP_END) {
        if (this.length === 0) {
          // END END: the first one opened nothing; this one opens the packet.
          out.push(...this.held);
          this.open(b);
        } else if (this.losing) {
          dropped++;
          this.inPacket = false;
        } else {
          out.push(...this.held, b);
          this.held = [];
          this.inPacket = false;
        }
        continue;
      }
      if (this.decided) {
        if (this.losing) dropped++;
        else out.push(b);
        continue;
      }
      this.held.push(b);
      if (!this.escaped && b === SLIP_ESC) {
        this.escaped = true;
        continue;
      }
      const value = this.escaped ? (b === SLIP_ESC_END ? SLIP_END : b === SLIP_ESC_ESC ? SLIP_ESC : b) : b;
      this.escaped = false;
      this.length++;
      if (this.length < 2) continue;
      this.decided = true;
      if (value === this.lose.op) this.losing = this.lose.nth.includes(++this.seen);
      if (this.losing) {
        dropped += this.held.length;
        this.lost++;
      } else {
        out.push(...this.held);
      }
      this.held = [];
    }
    return dropped;
  }

  private open(end: number): void {
    this.inPacket = true;
    this.held = [end];
    this.length = 0;
    this.escaped = false;
    this.decided = false;
    this.losing = false;
  }
}

export class FaultInjector {
  private dropRate = 0;
  private flipRate = 0;
  private direction: FaultDirection = 'both';
  private random: () => number = mulberry32(1);
  private lose: LostPackets | undefined;
  private maxBaud: number | undefined;
  /** Packet losers per wire and way; each belongs to the faults of one set() (its generation). */
  private readonly losers = new WeakMap<object, Partial<Record<LineWay, PacketLoser>>>();
  private generation = 0;
  /** Counters, for tests and the event stream. */
  dropped = 0;
  flipped = 0;
  /** Whole packets lost by `losePackets`. */
  lostPackets = 0;

  set(faults: LineFaults): void {
    const lose = checkLostPackets(faults.losePackets);
    const maxBaud = checkMaxBaud(faults.maxBaud);
    this.dropRate = checkRate('dropRate', faults.dropRate);
    this.flipRate = checkRate('flipRate', faults.flipRate);
    this.direction = faults.direction ?? 'both';
    this.random = mulberry32(faults.seed ?? 1);
    this.lose = lose;
    this.maxBaud = maxBaud;
    this.generation++;
  }

  clear(): void {
    this.dropRate = 0;
    this.flipRate = 0;
    this.lose = undefined;
    this.maxBaud = undefined;
    this.generation++;
  }

  /** The baud a host's USB-UART really runs at when `requested` is asked of it (`maxBaud`). */
  hostUartBaud(requested: number): number {
    return this.maxBaud !== undefined && requested > this.maxBaud ? this.maxBaud : requested;
  }

  get active(): boolean {
    return this.dropRate > 0 || this.flipRate > 0 || this.lose !== undefined;
  }

  /** The bytes as they come out of a faulty line going `way` on `wire` (each host's wire counts its own packets). */
  apply(data: Buffer, way: LineWay, wire: object): Buffer {
    data = this.releaseHeld(data, way, wire);
    if (!this.active || (this.direction !== 'both' && this.direction !== way)) return data;
    if (this.lose) data = this.losePackets(data, way, wire, this.lose);
    if (this.dropRate === 0 && this.flipRate === 0) return data;
    const out: number[] = [];
    for (const b of data) {
      if (this.dropRate > 0 && this.random() < this.dropRate) { this.dropped++; continue; }
      if (this.flipRate > 0 && this.random() < this.flipRate) {
        this.flipped++;
        out.push(b ^ (1 << Math.floor(this.random() * 8)));
        continue;
      }
      out.push(b);
    }
    return Buffer.from(out);
  }

  /** A loser from faults set before the current ones gives back what it held, ahead of the new bytes. */
  private releaseHeld(data: Buffer, way: LineWay, wire: object): Buffer {
    const loser = this.losers.get(wire)?.[way];
    if (!loser || loser.generation === this.generation) return data;
    delete this.losers.get(wire)![way];
    const held = loser.release();
    return held.length > 0 ? Buffer.concat([Buffer.from(held), data]) : data;
  }

  private losePackets(data: Buffer, way: LineWay, wire: object, lose: LostPackets): Buffer {
    let ways = this.losers.get(wire);
    if (!ways) this.losers.set(wire, (ways = {}));
    const loser = (ways[way] ??= new PacketLoser(lose, this.generation));
    const out: number[] = [];
    const lostBefore = loser.lost;
    this.dropped += loser.feed(data, out);
    this.lostPackets += loser.lost - lostBefore;
    return Buffer.from(out);
  }
}
