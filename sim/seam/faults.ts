// Line faults for testing the tools around the board: bytes dropped or bit-flipped at a given rate, in either
// direction. A seeded generator makes a failing run repeatable.

export type FaultDirection = 'both' | 'to-board' | 'from-board';

export interface LineFaults {
  /** Probability (0..1) that a byte is lost. */
  dropRate?: number;
  /** Probability (0..1) that a byte arrives with one bit flipped. */
  flipRate?: number;
  /** Which way the faults apply; default both. */
  direction?: FaultDirection;
  /** Seed for the generator; default 1. */
  seed?: number;
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

export class FaultInjector {
  private dropRate = 0;
  private flipRate = 0;
  private direction: FaultDirection = 'both';
  private random: () => number = mulberry32(1);
  /** Counters, for tests and the event stream. */
  dropped = 0;
  flipped = 0;

  set(faults: LineFaults): void {
    this.dropRate = checkRate('dropRate', faults.dropRate);
    this.flipRate = checkRate('flipRate', faults.flipRate);
    this.direction = faults.direction ?? 'both';
    this.random = mulberry32(faults.seed ?? 1);
  }

  clear(): void {
    this.dropRate = 0;
    this.flipRate = 0;
  }

  get active(): boolean {
    return this.dropRate > 0 || this.flipRate > 0;
  }

  /** The bytes as they come out of a faulty line going `way`. */
  apply(data: Buffer, way: 'to-board' | 'from-board'): Buffer {
    if (!this.active || (this.direction !== 'both' && this.direction !== way)) return data;
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
}
