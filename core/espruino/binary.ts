// Where the real Espruino interpreter (a Linux build of the same 2v29 source that runs on the ESP32) is
// found, and how one program is run on it. The virtual board, the conformance suite, the facts probe and
// the firmware tests all go through here, so they agree on which binary is "the real one".
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The release every part of espkit targets. */
export const ESPRUINO_RELEASE = '2v29';

/** Where a user puts a binary so every command finds it without flags (documented in the README). */
export function cachedBinaryPath(home = homedir()): string {
  return join(home, '.cache', 'espkit', 'espruino', `espruino-${ESPRUINO_RELEASE}`);
}

export interface EspruinoBinary {
  path: string;
  /** How it was found: a command-line flag, the ESPKIT_ESPRUINO variable, or the cache folder. */
  from: 'flag' | 'ESPKIT_ESPRUINO' | 'cache';
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The binary to use: `flag` if given (it must exist), else $ESPKIT_ESPRUINO (it must exist), else the cache
 * location if something executable is there. Undefined means "no real interpreter: use the model".
 * A flag or variable that names a missing file is an error, not a silent fallback.
 */
export function findEspruinoBinary(flag?: string, env: NodeJS.ProcessEnv = process.env): EspruinoBinary | undefined {
  const pick = (path: string, from: EspruinoBinary['from']): EspruinoBinary => {
    const full = resolve(path);
    if (!executable(full)) {
      const where = from === 'flag' ? '--espruino-bin' : from;
      throw new Error(`${where} names ${full}, which is not an executable file: build Espruino ${ESPRUINO_RELEASE} for Linux (see the README) or drop the setting`);
    }
    return { path: full, from };
  };
  if (flag) return pick(flag, 'flag');
  if (env.ESPKIT_ESPRUINO) return pick(env.ESPKIT_ESPRUINO, 'ESPKIT_ESPRUINO');
  const cached = cachedBinaryPath();
  return executable(cached) ? { path: cached, from: 'cache' } : undefined;
}

/** Why there is no real interpreter, for a test's skip message. */
export const NO_BINARY_REASON = `no real Espruino ${ESPRUINO_RELEASE} binary: set ESPKIT_ESPRUINO or put one at ${cachedBinaryPath()}`;

export interface RunResult {
  /** What the program printed, banner, prompts and `\r` removed. */
  output: string;
  /** The process's exit code (null when it was killed at the deadline). */
  code: number | null;
  timedOut: boolean;
}

const BANNER_END = 'http://espruino.com/Donate';

/** Drop the start-up banner, carriage returns, the `>` prompt and its ESC [ J that the REPL mixes in. */
export function cleanOutput(raw: string): string {
  let text = raw.replace(/\r/g, '').replace(/\x1b\[J/g, '');
  const at = text.indexOf(BANNER_END);
  if (at >= 0) text = text.slice(at + BANNER_END.length).replace(/^\n\n?/, '');
  // the prompt appears at the start of a line, alone or before further output
  return text.replace(/^>/gm, '').replace(/\n+$/, '\n');
}

export interface RunOptions {
  /** Kill it (SIGKILL: it ignores SIGTERM) after this long. */
  timeoutMs?: number;
  /** Run in this folder (its espruino.flash is the Storage); default: a fresh temporary folder. */
  cwd?: string;
  /** Each piece of raw output as it arrives (`\r` removed), for callers that act on what the program prints. */
  onOutput?: (text: string) => void;
  /** End the run early (SIGKILL), e.g. once a test has seen what it waited for; the result is not a timeout. */
  signal?: AbortSignal;
}

/**
 * Run `code` as a file on the interpreter at `binary` and collect what it prints until it exits (no
 * timers or sockets left, an uncaught error, quit()) or the deadline passes.
 * stdin is /dev/null: at end of input the interactive prompt would otherwise spin.
 */
export async function runOnEspruino(binary: string, code: string, options: RunOptions = {}): Promise<RunResult> {
  const dir = options.cwd ?? mkdtempSync(join(tmpdir(), 'espkit-espruino-'));
  try {
    writeFileSync(join(dir, 'program.js'), code);
    return await new Promise<RunResult>((done, fail) => {
      const child = spawn(binary, ['program.js'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
      const chunks: Buffer[] = [];
      let timedOut = false;
      const collect = (d: Buffer): void => {
        chunks.push(d);
        options.onOutput?.(d.toString('latin1').replace(/\r/g, ''));
      };
      child.stdout.on('data', collect);
      child.stderr.on('data', collect);
      const timer = setTimeout(() => {
        timedOut = true;
        child.kill('SIGKILL');
      }, options.timeoutMs ?? 10_000);
      const abort = (): void => {
        child.kill('SIGKILL');
      };
      if (options.signal?.aborted) abort();
      else options.signal?.addEventListener('abort', abort, { once: true });
      child.on('error', (err) => {
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', abort);
        fail(err);
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', abort);
        done({ output: cleanOutput(Buffer.concat(chunks).toString('latin1')), code, timedOut });
      });
    });
  } finally {
    if (!options.cwd) rmSync(dir, { recursive: true, force: true });
  }
}
