// Storing a file in the board's Storage over the REPL, checked piece by piece and as a whole.
//
// Each chunk line calls a small writer that the board defines first (writerDefinition). It rebuilds the
// bytes (decompressing if needed), checks their E.CRC32 against the one we computed, and only then calls
// `require("Storage").write(name, data, offset, total)`; it answers "<ekwN> ok|bad|err". Offset 0 creates
// the file (Espruino src/jsflash.c jsfWriteFile: writing offset 0 replaces an existing file), so chunk 0
// is stored (and kept short) before any other is sent. Rewriting a region that already holds the same bytes is
// skipped, because Storage refuses any second write to a region ("File already written with different
// data"): that makes every chunk safe to resend. A bad chunk is resent; silence means the line was
// mangled (say a lost quote left the console waiting for more), so we clear the line with Ctrl-C and
// resend whatever was unanswered. At the end the whole file's length and E.CRC32 are compared.
import type { EspruinoRepl } from './repl.ts';
import { BoardError } from './repl.ts';
import { EspkitError } from '../../core/errors.ts';
import { setInputTimeout } from '../../core/input-deadline.ts';
import { chunkPlan, MAX_LINE_BYTES, LINES_IN_FLIGHT, type Chunk } from './chunks.ts';
import { crc32 } from '../../core/codec/crc32.ts';

const WRITER = '__ekw';
/** The first chunk is stored before any other is sent: keep it short so the line is not idle for long. */
const FIRST_PAYLOAD_BYTES = 256;
const ACK = /<ekw(\d+)> (ok|bad|err)(?: (.*))?$/;

/** JavaScript that defines the chunk writer on the board (one console line). */
export function writerDefinition(): string {
  return `${WRITER}=function(n,p,o,t,c,i,z){var r="ok";try{var d=z?E.toString(require("heatshrink").decompress(atob(p))):p;` +
    `if(E.CRC32(d)!=c)r="bad";else{var S=require("Storage");if(!(o>0&&S.read(n,o,d.length)==d))S.write(n,d,o,t)}}` +
    `catch(e){r="err "+JSON.stringify(""+e)}print("<ek"+"w"+i+">",r)}`;
}

/** The console line (without DLE and newline) that stores one chunk. */
export function chunkLine(name: string, total: number, chunk: Chunk): string {
  return `${WRITER}(${JSON.stringify(name)},${chunk.payload},${chunk.offset},${total},${chunk.crc},${chunk.index}${chunk.compressed ? ',1' : ''})`;
}

/** The room a payload has in one line, given the file name and size. */
export function payloadBudget(name: string, total: number): number {
  const skeleton = chunkLine(name, total, { index: 99999, offset: total, raw: new Uint8Array(), crc: 0xffffffff, compressed: true, payload: '' });
  return MAX_LINE_BYTES - skeleton.length - 2; // DLE and newline
}

export interface UploadProgress {
  /** Bytes of the file the board has confirmed. */
  done: number;
  total: number;
}

export interface UploadOptions {
  /** Use heatshrink where it makes a line carry more (the board must have `require("heatshrink")`). */
  compress: boolean;
  onProgress?: (p: UploadProgress) => void;
  /**
   * Resends allowed per chunk after the board found its CRC wrong, and silent windows allowed per upload,
   * before giving up. Default 3.
   */
  maxResends?: number;
}

export interface UploadReport {
  chunks: number;
  compressedChunks: number;
  /** Chunks sent again after a bad CRC or silence. */
  resent: number;
  /** Bytes of chunk lines put on the wire (first attempts only). */
  lineBytes: number;
  crc: number;
}

type Ack = { index: number; result: 'ok' | 'bad' | 'err'; detail?: string };

/** Store `data` as Storage file `name` and check it; throws EspkitError with one clear line on failure. */
export async function uploadFile(repl: EspruinoRepl, name: string, data: Uint8Array, options: UploadOptions): Promise<UploadReport> {
  if (data.length === 0) throw new EspkitError(`refusing to store an empty file as ${name}`);
  const planner = chunkPlan(data, { payloadBudget: payloadBudget(name, data.length), compress: options.compress, firstPayloadBudget: FIRST_PAYLOAD_BYTES });
  const plan: Plan = { chunks: [], lines: [], complete: false };
  plan.more = (): boolean => {
    const next = planner.next();
    if (next.done) {
      plan.complete = true;
      return false;
    }
    plan.chunks.push(next.value);
    plan.lines.push(`\x10${chunkLine(name, data.length, next.value)}\n`);
    return true;
  };
  const want = crc32(data);
  await repl.command(writerDefinition());
  let resent = 0;
  for (let attempt = 1; ; attempt++) {
    try {
      resent += await sendChunks(repl, plan, data.length, options);
    } catch (err) {
      // a region holding other bytes (a chunk stored at a mangled offset) cannot be rewritten in place:
      // start the file again, since writing offset 0 replaces it
      if (attempt < 2 && err instanceof BoardError && /already written/i.test(err.boardMessage)) continue;
      throw err;
    }
    const stored = await repl.evaluate<[number, number] | null>(
      `(function(){var f=require("Storage").read(${JSON.stringify(name)});return f===undefined?null:[f.length,E.CRC32(f)]})()`,
      { what: `checking ${name}` },
    );
    if (stored && stored[0] === data.length && stored[1] === want) break;
    const found = stored ? `${stored[0]} bytes with CRC ${stored[1]}` : 'no file';
    if (attempt >= 2) {
      throw new EspkitError(`${name} on the board does not match what was sent (${found}, expected ${data.length} bytes with CRC ${want}) after ${attempt} attempts: the link corrupts data; try a lower baud or another cable`);
    }
  }
  return {
    chunks: plan.chunks.length,
    compressedChunks: plan.chunks.filter((c) => c.compressed).length,
    resent,
    lineBytes: plan.lines.reduce((n, l) => n + l.length, 0),
    crc: want,
  };
}

/** Chunks and their lines, planned as they are needed. */
interface Plan {
  chunks: Chunk[];
  lines: string[];
  /** Every chunk is planned. */
  complete: boolean;
  /** Plan one more chunk; false when there are no more. */
  more?: () => boolean;
}

/** Send every chunk until each is acknowledged; returns how many resends it took. */
async function sendChunks(repl: EspruinoRepl, plan: Plan, total: number, options: UploadOptions): Promise<number> {
  const { chunks, lines } = plan;
  const maxResends = options.maxResends ?? 3;
  const acks: Ack[] = [];
  let wake: (() => void) | undefined;
  const stop = repl.onLine((line) => {
    const m = ACK.exec(line);
    if (!m) return;
    acks.push({ index: Number(m[1]), result: m[2] as Ack['result'], detail: m[3] });
    wake?.();
  });
  const queue = chunks.map((c) => c.index);
  /** The next chunk to send: a queued one, or a newly planned one. */
  const nextIndex = (): number | undefined => {
    if (queue.length === 0 && !plan.complete && plan.more!()) return chunks.length - 1;
    return queue.shift();
  };
  const finished = (): boolean => plan.complete && done.size === chunks.length;
  const inFlight = new Set<number>();
  const done = new Set<number>();
  const tries = new Map<number, number>();
  let resent = 0;
  let resyncs = 0;
  let confirmed = 0;
  const bitsPerByte = 10;
  // generous: three times the line time of a full window, plus time for the board to write flash
  const ackTimeoutMs = Math.ceil(((LINES_IN_FLIGHT * MAX_LINE_BYTES * bitsPerByte) / repl.link.baud) * 3000) + 3000;
  const retry = (index: number): void => {
    const n = (tries.get(index) ?? 0) + 1;
    if (n > maxResends) {
      throw new EspkitError(`chunk ${index + 1} (offset ${chunks[index]!.offset} of ${total}) failed ${n} times (CRC mismatch): the link corrupts data; try a lower baud or another cable`);
    }
    tries.set(index, n);
    resent++;
    queue.unshift(index);
  };
  try {
    while (!finished()) {
      // chunk 0 creates the file: nothing else may run on the board before it is stored
      const window = done.has(0) ? LINES_IN_FLIGHT : 1;
      while (inFlight.size < window) {
        const index = nextIndex();
        if (index === undefined) break;
        if (done.has(index)) continue;
        inFlight.add(index);
        await repl.send(lines[index]!);
      }
      if (finished()) break;
      if (acks.length === 0) {
        const arrived = await new Promise<boolean>((resolve) => {
          // an answer that arrived within the window still counts, even on a host held up past it
          const timer = setInputTimeout(() => resolve(false), ackTimeoutMs);
          wake = () => {
            clearTimeout(timer);
            resolve(true);
          };
        });
        wake = undefined;
        if (!arrived) {
          // a mangled line can leave the console waiting for a closing quote: clear it and resend
          const silent = (): EspkitError => new EspkitError(`the board stopped answering while storing chunks (${confirmed} of ${total} bytes stored): the link loses or corrupts data; try a lower baud or another cable${lastWords(repl)}`);
          if (++resyncs > maxResends) throw silent();
          try {
            await repl.prompt();
          } catch {
            throw silent();
          }
          // the writer's own line may be what was mangled. Wait until the board has taken it before the next
          // window of chunk lines: the definition and two full lines together exceed the 4096-byte input
          // buffer, so they fit only while the board reads the definition as it arrives, which a link that
          // delivers faster than the board reads (a USB console, a network bridge) does not give
          await repl.command(writerDefinition());
          try {
            await repl.evaluate(`typeof ${WRITER}`, { what: 'redefining the chunk writer' });
          } catch {
            throw silent();
          }
          // the silence is the line's, not any one chunk's (a line left open swallows the one after it, which
          // was fine): it has spent one of the upload's resyncs, so the chunks in flight go again without
          // spending their own attempts, which only the board's verdict on a line (a CRC mismatch) spends
          queue.unshift(...inFlight);
          resent += inFlight.size;
          inFlight.clear();
          continue;
        }
      }
      const ack = acks.shift()!;
      if (!inFlight.has(ack.index)) continue; // a late answer to a line we already resent
      inFlight.delete(ack.index);
      if (ack.result === 'ok') {
        done.add(ack.index);
        confirmed += chunks[ack.index]!.raw.length;
        options.onProgress?.({ done: confirmed, total });
      } else if (ack.result === 'bad') {
        retry(ack.index);
      } else {
        const message = ack.detail ? (JSON.parse(ack.detail) as string) : 'unknown error';
        throw new BoardError(message, `store chunk ${ack.index + 1} (offset ${chunks[ack.index]!.offset} of ${total})`);
      }
    }
  } finally {
    stop();
  }
  return resent;
}

function lastWords(repl: EspruinoRepl): string {
  const last = repl.recentLines(2).filter((l) => l.trim() !== '');
  return last.length ? `; it last printed ${JSON.stringify(last.join(' | ').slice(0, 160))}` : '';
}
