// Deploying firmware to a board running Espruino: get a prompt, store the code in the slot that is not
// booting (checked chunk by chunk and as a whole with E.CRC32), write the settings, switch the boot stub,
// reboot with load() and wait for the firmware's ready line. If the new firmware fails before its ready
// line and an older one exists, the stub is switched back and the board rebooted into the old one.
import type { Link } from '../link/link.ts';
import { EspkitError } from '../errors.ts';
import { EspruinoRepl } from './repl.ts';
import { uploadFile, type UploadReport } from './storage-upload.ts';
import { validateSettings, writeSettings, type SettingsPatch } from './settings.ts';
import { BOOT_FILE, SLOTS, bootStub, nextSlot, READY_LINE, isUncaught, plainLine, type Slot } from './boot.ts';
import { parseFrame, type TraceRewriter } from './trace.ts';

/** The new firmware failed before its ready line; `trace` is Espruino's report (in TypeScript terms when a map was given). */
export class BootFailure extends EspkitError {
  constructor(message: string, readonly trace: string[]) {
    super(message);
    this.name = 'BootFailure';
  }
}

/** How long the rest of an error report may take to arrive after its "Uncaught" line. */
const TRACE_WAIT_MS = 400;

export type DeployPhase = 'connect' | 'upload' | 'settings' | 'switch' | 'reboot' | 'ready';

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
  deviceId: string;
  version: string;
  espruino?: string;
  /** Milliseconds per phase and in total. */
  ms: { connect: number; upload: number; settings: number; reboot: number; total: number };
}

interface BoardInfo {
  boot: Slot | 'other' | null;
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
    const stubs = SLOTS.map((s) => `b==${JSON.stringify(bootStub(s))}?${JSON.stringify(s)}:`).join('');
    const info = await repl.evaluate<BoardInfo>(
      `(function(){var S=require("Storage"),b=S.read(${JSON.stringify(BOOT_FILE)}),h=false;try{h=typeof require("heatshrink").decompress=="function"}catch(e){}` +
        `return{boot:${stubs}b?"other":null,hs:h,crc:typeof E.CRC32=="function",v:typeof process=="object"&&process.env?process.env.VERSION:null}})()`,
      { what: 'reading the boot file' },
    );
    if (!info.crc) throw new EspkitError('this Espruino build has no E.CRC32, so a deploy cannot be verified: flash a current Espruino (espkit flash)');
    const previous = info.boot === 'other' || info.boot === null ? undefined : info.boot;
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
    let ready: RegExpExecArray;
    try {
      ready = await rebootAndWait(repl, options.readyTimeoutMs ?? 20000, options.traces);
    } catch (err) {
      if (!previous) throw err;
      const why = err instanceof Error ? err.message : String(err);
      await switchBackAfterFailure(repl, previous);
      const message = `${why}; the board was switched back to the previous firmware (${previous})`;
      throw err instanceof BootFailure ? new BootFailure(message, err.trace) : new EspkitError(message);
    }
    const tReady = performance.now();
    progress({ phase: 'ready', message: `running: device ${ready[1]}, firmware ${ready[2]}` });
    return {
      slot,
      previousSlot: previous,
      bytes: options.code.length,
      crc: upload.crc,
      upload: { ...upload, compressedAvailable: info.hs },
      xoff: repl.flow.xoffCount,
      settingsKeys,
      deviceId: ready[1]!,
      version: ready[2]!,
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

/** Point the boot stub at `slot` and read it back. */
async function switchBoot(repl: EspruinoRepl, slot: Slot): Promise<void> {
  const stub = JSON.stringify(bootStub(slot));
  const ok = await repl.evaluate<boolean>(
    `(function(){var S=require("Storage");S.erase(".bootrst");S.write(${JSON.stringify(BOOT_FILE)},${stub});return S.read(${JSON.stringify(BOOT_FILE)})==${stub}})()`,
    { what: 'switching the boot file' },
  );
  if (!ok) throw new EspkitError(`the boot file ${BOOT_FILE} did not read back as written: the board's Storage may be full or failing (try require("Storage").compact() at the prompt)`);
}

/** Reboot with load() and wait for the ready line; an Uncaught error before it fails at once. */
async function rebootAndWait(repl: EspruinoRepl, timeoutMs: number, traces?: TraceRewriter): Promise<RegExpExecArray> {
  let failure: string | undefined;
  const report: string[] = [];
  const stopReport = repl.onLine((l) => {
    if (failure !== undefined || isUncaught(l)) report.push(plainLine(l).replace(/^[>\s]*(?=Uncaught )/, '').replace(/\r$/, ''));
  });
  try {
    const line = repl.waitForLine((l) => {
      if (isUncaught(l)) failure ??= plainLine(l).replace(/^[>\s]*/, '').trim();
      return READY_LINE.test(l) || failure !== undefined;
    }, timeoutMs, 'waiting for the new firmware to start');
    await repl.command('load()');
    const got = await line;
    if (failure === undefined) return READY_LINE.exec(got)!;
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
