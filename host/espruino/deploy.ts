// Deploying firmware to a board running Espruino: get a prompt, store the code in the slot that is not
// booting (checked chunk by chunk and as a whole with E.CRC32), write the settings, switch the boot file,
// reboot with load() and wait for the firmware's ready line (or, for any other program, a line it names or a
// settle time without an error), then, when asked, until the device is online (host/espruino/online.ts).
// If the new firmware fails before its ready line and an older one exists, the boot file is switched back and the
// board rebooted into the old one.
import type { Link } from '../../core/link.ts';
import { EspkitError } from '../../core/errors.ts';
import { EspruinoRepl } from './repl.ts';
import { uploadFile, type UploadReport } from './storage-upload.ts';
import { validateSettings, writeSettings, type SettingsPatch } from './settings.ts';
import { BOOT_FILE, TRIAL_FILE, ROLLBACK_FILE, activeSlot, bootCode, nextSlot, READY_LINE, isUncaught, plainLine, type Slot } from './boot.ts';
import { parseFrame, type TraceRewriter } from './trace.ts';
import { OnlineWatch, type OnlineVerdict } from './online.ts';

/** The new firmware failed before its ready line; `trace` is Espruino's report (in TypeScript terms when a map was given). */
export class BootFailure extends EspkitError {
  constructor(message: string, readonly trace: string[]) {
    super(message);
    this.name = 'BootFailure';
  }
}

/** The firmware is stored and running, but the device did not come online; `reason` is the device's. */
export class OfflineFailure extends EspkitError {
  constructor(message: string, readonly reason: string) {
    super(message);
    this.name = 'OfflineFailure';
  }
}

/** How long the rest of an error report may take to arrive after its "Uncaught" line. */
const TRACE_WAIT_MS = 400;

export type DeployPhase = 'connect' | 'upload' | 'settings' | 'switch' | 'reboot' | 'ready' | 'online';

export interface DeployEvent {
  phase: DeployPhase;
  message: string;
  done?: number;
  total?: number;
}

export interface DeployOptions {
  /** The firmware (dist/firmware.js). */
  code: Uint8Array;
  /** Settings to merge into the board's settings file; nothing is written when absent. */
  settings?: SettingsPatch;
  /** Compress chunks with heatshrink when the board has it. Default true. */
  compress?: boolean;
  onProgress?: (event: DeployEvent) => void;
  /** Every console line (for --verbose). */
  onLine?: (line: string) => void;
  promptTimeoutMs?: number;
  /** How long the new firmware has to print its ready line. Default 20000. */
  readyTimeoutMs?: number;
  /** Shows a boot failure's trace in TypeScript terms (built with the map of `code`). */
  traces?: TraceRewriter;
  /**
   * When the program counts as started: 'firmware' (default) at espkit's ready line; a RegExp at the first
   * line it matches; 'settle' when settleMs pass with no Uncaught error (or espkit's ready line appears).
   */
  ready?: 'firmware' | 'settle' | RegExp;
  /** Milliseconds without an error that make a 'settle' program started. Default 3000. */
  settleMs?: number;
  /** After espkit's ready line, wait until the device has joined WiFi and the broker accepted it. */
  waitOnline?: boolean;
  /** How long the device has to come online. Default 60000. */
  onlineTimeoutMs?: number;
}

export interface DeployResult {
  slot: Slot;
  previousSlot?: Slot;
  bytes: number;
  crc: number;
  upload: UploadReport & { compressedAvailable: boolean };
  /** Times the board paused us with XOFF. */
  xoff: number;
  settingsKeys?: string[];
  /** From espkit's ready line (absent for another program). */
  deviceId?: string;
  version?: string;
  /** The line that showed the program started. */
  readyLine?: string;
  /** Milliseconds from the ready line to the device being online (when waited for). */
  onlineMs?: number;
  espruino?: string;
  /** Milliseconds per phase and in total. */
  ms: { connect: number; upload: number; settings: number; reboot: number; total: number };
}

/** Longer boot files are none of ours: the board sends back only their length. */
const MAX_BOOT_TEXT = 2048;

interface BoardInfo {
  /** The boot file's text (null without one, a number when it is longer than MAX_BOOT_TEXT). */
  boot: string | number | null;
  hs: boolean;
  crc: boolean;
  v: string | null;
}

export async function deployFirmware(link: Link, options: DeployOptions): Promise<DeployResult> {
  const t0 = performance.now();
  const progress = options.onProgress ?? (() => {});
  // Checked before the board is touched; a broker URL's user:password moves into its own settings here too,
  // so library callers get what the CLI gets.
  const settings = options.settings ? validateSettings(options.settings) : undefined;
  const repl = new EspruinoRepl(link, { onLine: options.onLine });
  try {
    progress({ phase: 'connect', message: `waiting for the Espruino prompt on ${link.name}` });
    await repl.prompt(options.promptTimeoutMs);
    // the boot file comes back as text and is recognised here (boot.ts activeSlot): the trial boot code, or
    // the one-line stub of boards deployed before it
    const info = await repl.evaluate<BoardInfo>(
      `(function(){var S=require("Storage"),b=S.read(${JSON.stringify(BOOT_FILE)}),h=false;try{h=typeof require("heatshrink").decompress=="function"}catch(e){}` +
        `return{boot:b&&b.length>${MAX_BOOT_TEXT}?b.length:b||null,hs:h,crc:typeof E.CRC32=="function",v:typeof process=="object"&&process.env?process.env.VERSION:null}})()`,
      { what: 'reading the boot file' },
    );
    if (!info.crc) throw new EspkitError('this Espruino build has no E.CRC32, so a deploy cannot be verified: flash a current Espruino (espkit flash)');
    const previous = typeof info.boot === 'string' ? activeSlot(info.boot) : undefined;
    const slot = nextSlot(previous);
    const tConnect = performance.now();

    const compress = (options.compress ?? true) && info.hs;
    progress({ phase: 'upload', message: `storing ${options.code.length} bytes as ${slot}${compress ? ' (compressed)' : ''}`, done: 0, total: options.code.length });
    const upload = await uploadFile(repl, slot, options.code, {
      compress,
      onProgress: (p) => progress({ phase: 'upload', message: `stored ${p.done} of ${p.total} bytes`, done: p.done, total: p.total }),
    });
    const tUpload = performance.now();

    let settingsKeys: string[] | undefined;
    if (settings && Object.keys(settings).length > 0) {
      progress({ phase: 'settings', message: `writing settings (${Object.keys(settings).join(', ')})` });
      settingsKeys = await writeSettings(repl, settings);
    }
    const tSettings = performance.now();

    progress({ phase: 'switch', message: `booting ${slot} from now on` });
    await switchBoot(repl, slot);

    progress({ phase: 'reboot', message: 'rebooting into the new firmware' });
    // every line from the reboot on, so the online wait also sees what came with the ready line
    const lines: string[] = [];
    const stopLines = repl.onLine((l) => void lines.push(l));
    let started: Started;
    try {
      started = await rebootAndWait(repl, options.readyTimeoutMs ?? 20000, options.traces, options.ready ?? 'firmware', options.settleMs ?? 3000);
    } catch (err) {
      stopLines();
      if (!previous) throw err;
      const why = err instanceof Error ? err.message : String(err);
      await switchBackAfterFailure(repl, previous);
      const message = `${why}; the board was switched back to the previous firmware (${previous})`;
      throw err instanceof BootFailure ? new BootFailure(message, err.trace) : new EspkitError(message);
    }
    const tReady = performance.now();
    const ready = READY_LINE.exec(started.line);
    progress({ phase: 'ready', message: ready ? `running: device ${ready[1]}, firmware ${ready[2]}` : `running: ${started.line || 'no error within the settle time'}` });
    let onlineMs: number | undefined;
    try {
      if (ready && options.waitOnline) {
        progress({ phase: 'online', message: `waiting for ${ready[1]} to join WiFi and the broker` });
        const verdict = await waitOnline(repl, lines.slice(lines.indexOf(started.line) + 1), new OnlineWatch(ready[1]), options.onlineTimeoutMs ?? 60000);
        if (!verdict.online) throw new OfflineFailure(`the firmware is running, but ${ready[1]} is not online: ${verdict.reason}: ${verdict.advice}`, verdict.reason);
        onlineMs = Math.round(performance.now() - tReady);
        progress({ phase: 'online', message: `online: ${plainLine(verdict.line).replace(/^[>\s]+/, '').trim()}` });
      }
    } finally {
      stopLines();
    }
    return {
      slot,
      previousSlot: previous,
      bytes: options.code.length,
      crc: upload.crc,
      upload: { ...upload, compressedAvailable: info.hs },
      xoff: repl.flow.xoffCount,
      settingsKeys,
      deviceId: ready?.[1],
      version: ready?.[2],
      readyLine: started.line,
      onlineMs,
      espruino: info.v ?? undefined,
      ms: {
        connect: Math.round(tConnect - t0),
        upload: Math.round(tUpload - tConnect),
        settings: Math.round(tSettings - tUpload),
        reboot: Math.round(tReady - tSettings),
        total: Math.round(tReady - t0),
      },
    };
  } finally {
    repl.detach();
  }
}

/**
 * Point the boot file at `slot` and read it back. A trial armed over WiFi, or the report of one rolled back,
 * is about firmware this deploy replaces, so both go.
 */
async function switchBoot(repl: EspruinoRepl, slot: Slot): Promise<void> {
  const code = bootCode(slot);
  const q = JSON.stringify;
  const stored = await repl.evaluate<string | null>(
    `(function(){var S=require("Storage");S.erase(".bootrst");S.erase(${q(TRIAL_FILE)});S.erase(${q(ROLLBACK_FILE)});S.write(${q(BOOT_FILE)},${q(code)});return S.read(${q(BOOT_FILE)})})()`,
    { what: 'switching the boot file' },
  );
  if (stored !== code) throw new EspkitError(`the boot file ${BOOT_FILE} did not read back as written: the board's Storage may be full or failing (try require("Storage").compact() at the prompt)`);
}

interface Started {
  /** The ready line, or '' when a settle time passed quietly. */
  line: string;
}

/** Wait for the first verdict in `earlier` lines, then in new ones, until `timeoutMs`. */
async function waitOnline(repl: EspruinoRepl, earlier: string[], watch: OnlineWatch, timeoutMs: number): Promise<OnlineVerdict> {
  for (const l of earlier) {
    const v = watch.feed(l);
    if (v) return v;
  }
  let verdict: OnlineVerdict | undefined;
  try {
    await repl.waitForLine((l) => (verdict = watch.feed(l)) !== undefined, timeoutMs, 'waiting for the device to come online');
  } catch (err) {
    const last = watch.last ? `; it last said "${watch.last}"` : '';
    return { online: false, reason: `it did not come online within ${(timeoutMs / 1000).toFixed(0)} s${last}`, advice: 'espkit monitor shows why (or deploy with --no-wait)' };
  }
  return verdict!;
}

/**
 * Reboot with load() and wait for the program to start (see DeployOptions.ready); an Uncaught error before
 * that fails at once.
 */
async function rebootAndWait(repl: EspruinoRepl, timeoutMs: number, traces: TraceRewriter | undefined, ready: 'firmware' | 'settle' | RegExp, settleMs: number): Promise<Started> {
  let failure: string | undefined;
  const report: string[] = [];
  const stopReport = repl.onLine((l) => {
    if (failure !== undefined || isUncaught(l)) report.push(plainLine(l).replace(/^[>\s]*(?=Uncaught )/, '').replace(/\r$/, ''));
  });
  const isReady = (l: string): boolean => (ready instanceof RegExp ? ready.test(plainLine(l)) : READY_LINE.test(l));
  try {
    const line = repl.waitForLine((l) => {
      if (isUncaught(l)) failure ??= plainLine(l).replace(/^[>\s]*/, '').trim();
      return isReady(l) || failure !== undefined;
    }, ready === 'settle' ? settleMs : timeoutMs, ready instanceof RegExp ? `waiting for a line matching ${ready}` : 'waiting for the new firmware to start');
    // a quiet settle time is success: no Uncaught error came
    const quiet = ready === 'settle' ? line.catch(() => '') : line;
    await repl.command('load()');
    const got = await quiet;
    if (failure === undefined) return { line: got };
    // the frames follow the Uncaught line at once
    await new Promise((r) => setTimeout(r, TRACE_WAIT_MS));
  } finally {
    stopReport();
  }
  const trace = traces ? traces.rewriteText(report.join('\n')).split('\n') : report;
  const first = trace.map(parseFrame).find((f) => f !== undefined && /\.ts$/.test(f.file));
  const where = first ? ` (at ${first.file}:${first.line}:${first.column})` : '';
  throw new BootFailure(`the new firmware stopped at boot: ${failure.slice(0, 160)}${where}`, trace);
}

async function switchBackAfterFailure(repl: EspruinoRepl, previous: Slot): Promise<void> {
  try {
    await repl.prompt();
    await switchBoot(repl, previous);
    await repl.command('load()');
  } catch {
    // best effort: the error that brought us here is the one to report
  }
}
