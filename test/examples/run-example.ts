// Building the examples as a user gets them (espkit init --example into a temporary folder, then the
// compiler), once per test process, and running a built one on the real interpreter behind the stand-ins
// until it prints what the test waits for.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initProject } from '../../host/init/project.ts';
import { buildFirmware, type BuildResult } from '../../host/build/index.ts';
import { runOnEspruino } from '../../core/espruino/binary.ts';

const builds = new Map<string, Promise<BuildResult>>();
const folders: string[] = [];

export function buildExample(name: string): Promise<BuildResult> {
  let built = builds.get(name);
  if (!built) {
    const dir = mkdtempSync(join(tmpdir(), `espkit-example-${name}-`));
    folders.push(dir);
    initProject({ dir, example: name, force: true });
    built = buildFirmware({ root: dir, out: false });
    builds.set(name, built);
  }
  return built;
}

export function removeExampleFolders(): void {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export interface ExampleRun {
  /** Everything printed, banner and prompts removed. */
  output: string;
  /** Whether `until` held (else the deadline or the program's end came first). */
  seen: boolean;
}

/**
 * Run `standIns + code` on `binary` until `until(output so far)` holds (then it is stopped; it is asked again
 * every 50 ms too, for conditions outside the output such as a broker's messages), the program ends, or
 * `deadlineMs` passes. `onOutput` sees the output so far each time more arrives.
 */
export async function runExample(binary: string, standIns: string, code: string, until: (text: string) => boolean, deadlineMs = 30_000, onOutput?: (text: string) => void): Promise<ExampleRun> {
  const stop = new AbortController();
  let text = '';
  let seen = false;
  const check = (): void => {
    if (!seen && until(text)) {
      seen = true;
      stop.abort();
    }
  };
  const poll = setInterval(check, 50);
  try {
    const result = await runOnEspruino(binary, `${standIns}\n${code}`, {
      timeoutMs: deadlineMs,
      signal: stop.signal,
      onOutput: (piece) => {
        text += piece;
        onOutput?.(text);
        check();
      },
    });
    return { output: result.output, seen };
  } finally {
    clearInterval(poll);
  }
}
