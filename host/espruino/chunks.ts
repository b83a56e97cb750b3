// Cutting a file into console lines that each fit the board's input buffer.
//
// Espruino's console has a 4096-byte input buffer (facts/espruino.md). We keep at most two chunk lines
// unacknowledged, so each line is at most half of it: even if the board stopped reading altogether,
// everything we sent would still fit, and XOFF is only a second line of defence. Each chunk's payload is
// either the bytes as a string literal or, when the board has heatshrink and it is shorter, the bytes
// compressed and base64-encoded (decompressed on the board with `require("heatshrink").decompress`).
import { byteLiteral } from './literal.ts';
import { crc32 } from '../../core/codec/crc32.ts';
import { heatshrinkCompress } from '../../core/codec/heatshrink.ts';

/** The board's console input buffer (Espruino on ESP32). */
export const INPUT_BUFFER_BYTES = 4096;
/** Chunk lines that may be in flight at once. */
export const LINES_IN_FLIGHT = 2;
/** The longest chunk line we send: two of them (and a little slack) fit the input buffer. */
export const MAX_LINE_BYTES = Math.floor((INPUT_BUFFER_BYTES - 64) / LINES_IN_FLIGHT);

export interface Chunk {
  index: number;
  offset: number;
  /** The bytes this chunk stores. */
  raw: Uint8Array;
  /** E.CRC32 of `raw`: the board checks it before writing. */
  crc: number;
  /** True when `payload` is base64 of heatshrink-compressed bytes, false when it is a string literal. */
  compressed: boolean;
  /** The payload argument as it appears in the line. */
  payload: string;
}

export interface PlanOptions {
  /** Bytes available for the payload argument in one line. */
  payloadBudget: number;
  /** Allow heatshrink-compressed payloads. */
  compress: boolean;
  /**
   * A smaller budget for the first chunk. Chunk 0 creates the file, so it travels alone and the line
   * is idle while the board stores it: a short first line keeps that pause short.
   */
  firstPayloadBudget?: number;
}

/** How many leading bytes of `data` fit in a string literal of at most `budget` characters. */
function literalFit(data: Uint8Array, budget: number): number {
  let n = 2;
  let i = 0;
  for (; i < data.length; i++) {
    const b = data[i]!;
    const cost = b === 0x22 || b === 0x5c ? 2 : b >= 0x20 && b < 0x7f ? 1 : 4;
    if (n + cost > budget) break;
    n += cost;
  }
  return i;
}

function base64Literal(bytes: Uint8Array): string {
  return `"${Buffer.from(bytes).toString('base64')}"`;
}

const base64LiteralLength = (n: number): number => 2 + 4 * Math.ceil(n / 3);

/** The largest prefix of `data` whose compressed base64 literal fits `budget`, with that literal. */
function compressedFit(data: Uint8Array, budget: number, atLeast: number): { count: number; payload: string } | undefined {
  const fits = (count: number): Uint8Array | undefined => {
    const packed = heatshrinkCompress(data.subarray(0, count));
    return base64LiteralLength(packed.length) <= budget ? packed : undefined;
  };
  // compressed JavaScript is rarely below 40% of its size, so 3x the budget bounds the search
  let lo = atLeast;
  let hi = Math.min(data.length, budget * 3);
  let best: { count: number; packed: Uint8Array } | undefined;
  if (hi <= lo) return undefined;
  const first = fits(hi);
  if (first) return { count: hi, payload: base64Literal(first) };
  // binary search for the largest count that fits, but only if it beats the plain literal
  for (let step = 0; step < 8 && hi - lo > 64; step++) {
    const mid = (lo + hi) >> 1;
    const packed = fits(mid);
    if (packed) {
      best = { count: mid, packed };
      lo = mid;
    } else hi = mid;
  }
  return best ? { count: best.count, payload: base64Literal(best.packed) } : undefined;
}

/** Cut `data` into chunks whose payloads fit `payloadBudget`. */
export function planChunks(data: Uint8Array, options: PlanOptions): Chunk[] {
  return [...chunkPlan(data, options)];
}

/**
 * The same, one chunk at a time: compressing takes a few milliseconds per chunk, so the uploader plans
 * the next chunk while the previous lines are on the wire instead of before sending anything.
 */
export function* chunkPlan(data: Uint8Array, options: PlanOptions): Generator<Chunk> {
  if (options.payloadBudget < 16) throw new RangeError(`payload budget ${options.payloadBudget} is too small`);
  let index = 0;
  let offset = 0;
  while (offset < data.length) {
    const rest = data.subarray(offset);
    const budget = index === 0 && options.firstPayloadBudget ? Math.min(options.firstPayloadBudget, options.payloadBudget) : options.payloadBudget;
    const plainCount = literalFit(rest, budget);
    let count = plainCount;
    let compressed = false;
    let payload: string | undefined;
    if (options.compress && plainCount < rest.length) {
      const packed = compressedFit(rest, budget, plainCount);
      if (packed && packed.count > plainCount) {
        count = packed.count;
        compressed = true;
        payload = packed.payload;
      }
    }
    const raw = rest.subarray(0, count);
    yield { index, offset, raw, crc: crc32(raw), compressed, payload: payload ?? byteLiteral(raw) };
    index++;
    offset += count;
  }
}

/** The bytes a plan puts on the wire in payloads (for reports and the benchmark). */
export function payloadBytes(chunks: Chunk[]): number {
  return chunks.reduce((n, c) => n + c.payload.length, 0);
}
