// The operations people name (esptool's cmds.py layer): flash, erase, info, backup. Each opens a loader
// session on a Link that the caller opened, does its work, leaves the board as asked, and returns a report
// that the CLI prints (or --json shows as it is). The Link stays open: the caller closes it.
import type { Link } from '../core/link.ts';
import type { BoardProfile } from '../core/board.ts';
import { flashBytes } from '../core/board.ts';
import { FlashSession, type AfterMode, type BeforeMode, type ChipFacts } from './session.ts';
import { writeRegions, type RegionProgress, type RegionResult } from './write.ts';
import { compressAhead } from './compress.ts';
import { readFlash } from './read.ts';
import { eraseChip, eraseRegion, type EraseRegion } from './erase.ts';
import type { PreparedRegion } from './images/regions.ts';

export interface JobOptions {
  board: BoardProfile;
  before?: BeforeMode;
  after?: AfterMode;
  /** Baud once the stub runs; default the board's console baud. */
  baud?: number;
  note?: (line: string) => void;
}

export interface FlashOptions extends JobOptions {
  diff?: boolean;
  /** Root of the deflate cache whose streams are used when they match (default the project's); false: none. */
  deflateCache?: string | false;
  attempts?: number;
  onProgress?: (p: RegionProgress) => void;
}

export interface FlashReport {
  port: string;
  chip: ChipFacts;
  baud: number;
  regions: RegionResult[];
  /** Uncompressed bytes written (skipped regions not counted). */
  bytes: number;
  compressed: number;
  /** Time spent writing and verifying. */
  writeSeconds: number;
  /** The whole job, from the reset to the end. */
  seconds: number;
  /** Uncompressed bits per second of writing, as esptool's "effective" figure. */
  effectiveKbitPerSecond: number;
  reset: boolean;
}

async function withSession<T>(link: Link, options: JobOptions, work: (session: FlashSession) => Promise<T>): Promise<{ result: T; session: FlashSession; reset: boolean }> {
  const session = await FlashSession.open(link, { board: options.board, before: options.before, baud: options.baud, note: options.note });
  let result: T;
  try {
    result = await work(session);
  } catch (err) {
    await session.abandon();
    throw err;
  }
  const { reset } = await session.finish(options.after ?? 'hard-reset');
  return { result, session, reset };
}

export async function flashRegions(link: Link, regions: PreparedRegion[], options: FlashOptions): Promise<FlashReport> {
  const started = Date.now();
  // With --diff most regions may be skipped, so nothing is compressed before it is known to be needed.
  const compressed = options.diff ? undefined : compressAhead(regions, { deflateCache: options.deflateCache, note: options.note });
  const { result, session, reset } = await withSession(link, options, (s) => writeRegions(s, regions, {
    diff: options.diff, attempts: options.attempts, onProgress: options.onProgress, note: options.note, compressed, deflateCache: options.deflateCache,
  }));
  const written = result.filter((r) => !r.skipped);
  const bytes = written.reduce((n, r) => n + r.size, 0);
  const writeSeconds = written.reduce((n, r) => n + r.seconds, 0);
  return {
    port: link.name,
    chip: session.chip,
    baud: session.baud,
    regions: result,
    bytes,
    compressed: written.reduce((n, r) => n + r.compressed, 0),
    writeSeconds,
    seconds: (Date.now() - started) / 1000,
    effectiveKbitPerSecond: writeSeconds > 0 ? (bytes * 8) / writeSeconds / 1000 : 0,
    reset,
  };
}

export interface EraseReport {
  port: string;
  chip: ChipFacts;
  region?: EraseRegion;
  seconds: number;
  reset: boolean;
}

export async function erase(link: Link, options: JobOptions & { region?: EraseRegion }): Promise<EraseReport> {
  const started = Date.now();
  const { session, reset } = await withSession(link, options, async (s) => {
    if (options.region) await eraseRegion(s, options.region);
    else await eraseChip(s);
  });
  return { port: link.name, chip: session.chip, region: options.region, seconds: (Date.now() - started) / 1000, reset };
}

export interface BackupReport {
  port: string;
  chip: ChipFacts;
  address: number;
  size: number;
  seconds: number;
  reset: boolean;
  data: Buffer;
}

export async function backup(link: Link, options: JobOptions & {
  region?: { address: number; size: number };
  onProgress?: (done: number, total: number, elapsedMs: number) => void;
}): Promise<BackupReport> {
  const started = Date.now();
  const address = options.region?.address ?? 0;
  const size = options.region?.size ?? flashBytes(options.board);
  const { result, session, reset } = await withSession(link, options, (s) => readFlash(s, address, size, { onProgress: options.onProgress, note: options.note }));
  return { port: link.name, chip: session.chip, address, size, seconds: (Date.now() - started) / 1000, reset, data: result };
}

export interface InfoReport {
  port: string;
  chip: ChipFacts;
  /** The board's flash per its profile (what the header patching writes). */
  profileFlash: BoardProfile['flash'];
  /** process.version of the Espruino the board boots, when it answered. */
  espruino?: string;
  /** Why there is no version (no reset lines, no answer...). */
  espruinoNote?: string;
}

/** What the application said once the board was reset into it; the caller speaks its protocol. */
export type ApplicationAnswer = Pick<InfoReport, 'espruino' | 'espruinoNote'>;

export interface InfoOptions extends JobOptions {
  /** Asked after the hard reset into the application (the host passes its Espruino REPL question). */
  askApplication?: (link: Link) => Promise<ApplicationAnswer>;
}

/**
 * Chip facts from the ROM, then (after a hard reset into the application) what `askApplication` learns
 * from the program the board boots. `after: 'no-reset'` leaves the board in the loader and asks nothing.
 */
export async function info(link: Link, options: InfoOptions): Promise<InfoReport> {
  const { session, reset } = await withSession(link, options, async () => undefined);
  const report: InfoReport = { port: link.name, chip: session.chip, profileFlash: options.board.flash };
  if (!reset) {
    report.espruinoNote = options.after === 'no-reset' ? 'not checked (--after no-reset)' : `not checked (${link.kind}:// cannot reset the board into its application)`;
    return report;
  }
  if (options.askApplication) Object.assign(report, await options.askApplication(link));
  return report;
}
