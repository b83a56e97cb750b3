// The compiled firmware on the real Espruino interpreter, directly (no virtual board): one program made of the
// stand-ins for the ESP32-only modules, the settings written to Storage, the firmware as `espkit build` makes
// it, and optionally a probe; run with runOnEspruino in a private folder (its espruino.flash is the Storage).
// The caller watches the console lines and ends the run when it has seen what it waited for.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildFirmware } from '../../host/build/index.ts';
import { runOnEspruino, type RunResult } from '../../core/espruino/binary.ts';
import type { StoredSettings } from '../../firmware/src/settings.ts';
import { STAND_INS } from './firmware-stand-ins.ts';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

const builds = new Map<string, Promise<string>>();

/** `espkit build` output of `entry` (default the firmware), built once per process. */
export function builtCode(entry = 'firmware/src/main.ts'): Promise<string> {
  let code = builds.get(entry);
  if (!code) {
    code = buildFirmware({ root: ROOT, entry, out: false, checkAllFiles: false }).then((r) => r.code);
    builds.set(entry, code);
  }
  return code;
}

/** Prints `espkit-probe memory <usage>` every second (process.memory() also collects garbage first). */
export const MEMORY_PROBE = 'setInterval(function(){print("espkit-probe memory "+process.memory().usage);},1000);\n';

export interface DeviceRunOptions {
  /** The program to run after the stand-ins and settings: the firmware, or a peer. */
  code: string;
  /** Written as espkit.json before the code runs, as `espkit deploy` stores it. */
  settings: StoredSettings;
  /** Appended after the code (e.g. MEMORY_PROBE). */
  after?: string;
  /** Safety deadline for the whole run. */
  timeoutMs?: number;
}

export interface DeviceRun {
  /** Console lines so far (complete lines only, prompt characters removed). */
  readonly lines: string[];
  /** The first line from line `from` on (already printed or still to come) that matches; rejects when the run ends first. */
  waitFor(pattern: RegExp, from?: number): Promise<string>;
  /** End the run (if it still runs) and give what it printed. */
  stop(): Promise<RunResult>;
}

/** Start `options.code` on the interpreter at `binary`. */
export function startOnEspruino(binary: string, options: DeviceRunOptions): DeviceRun {
  const dir = mkdtempSync(join(tmpdir(), 'espkit-real-fw-'));
  const program = [
    STAND_INS,
    `require("Storage").writeJSON("espkit.json",${JSON.stringify(options.settings)});\n`,
    options.code,
    options.after ?? '',
  ].join('');
  const lines: string[] = [];
  const waiters: Array<{ pattern: RegExp; resolve: (line: string) => void; reject: (e: Error) => void }> = [];
  let partial = '';
  let ended = false;
  const abort = new AbortController();
  const onLine = (line: string): void => {
    lines.push(line);
    for (let i = waiters.length - 1; i >= 0; i--) {
      if (waiters[i]!.pattern.test(line)) waiters.splice(i, 1)[0]!.resolve(line);
    }
  };
  const finished = runOnEspruino(binary, program, {
    cwd: dir,
    timeoutMs: options.timeoutMs ?? 60_000,
    signal: abort.signal,
    onOutput: (text) => {
      partial += text;
      let nl: number;
      while ((nl = partial.indexOf('\n')) >= 0) {
        // the REPL prompt (">" and ESC [ J) can sit in front of a line the program printed
        onLine(partial.slice(0, nl).replace(/\x1b\[J/g, '').replace(/^>+/, ''));
        partial = partial.slice(nl + 1);
      }
    },
  }).finally(() => {
    ended = true;
    rmSync(dir, { recursive: true, force: true });
    for (const w of waiters.splice(0)) w.reject(new Error(`the interpreter ended before printing ${w.pattern}; it printed:\n${lines.join('\n')}`));
  });
  return {
    lines,
    waitFor(pattern, from = 0) {
      const seen = lines.slice(from).find((l) => pattern.test(l));
      if (seen !== undefined) return Promise.resolve(seen);
      if (ended) return Promise.reject(new Error(`the interpreter ended without printing ${pattern}`));
      return new Promise((resolve, reject) => waiters.push({ pattern, resolve, reject }));
    },
    stop() {
      abort.abort();
      return finished;
    },
  };
}

/**
 * JsVars in use at idle: the first probe figure printed at least `idleMs` after `ready` matched (the run must
 * carry MEMORY_PROBE).
 */
export async function idleMemory(run: DeviceRun, ready: RegExp, idleMs: number): Promise<number> {
  await run.waitFor(ready);
  await new Promise((r) => setTimeout(r, idleMs));
  const line = await run.waitFor(/^espkit-probe memory \d+$/, run.lines.length);
  return Number(line.split(' ')[2]);
}
