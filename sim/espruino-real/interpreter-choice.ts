// Which Espruino a virtual board runs: the real interpreter when a binary is there (findEspruinoBinary in
// core/espruino/binary.ts: --espruino-bin, $ESPKIT_ESPRUINO, or the cache folder), else the model
// (sim/espruino/, V8 in a sandbox). 'real' insists on a binary, 'model' never uses one, 'auto' picks.
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { ESPRUINO_RELEASE, findEspruinoBinary } from '../../core/espruino/binary.ts';
import { EspkitError } from '../../core/errors.ts';

export type EspruinoChoice = 'real' | 'model' | 'auto';

export type InterpreterInfo =
  | { kind: 'real'; path: string; version: string; from: 'flag' | 'ESPKIT_ESPRUINO' | 'cache' }
  | { kind: 'model' };

const checked = new Map<string, string>();

/** Run the binary once to learn its version; a binary that does not start is one clear error. */
function versionOf(path: string): string {
  const known = checked.get(path);
  if (known) return known;
  // run in the temporary folder: the interpreter may create espruino.flash in its working folder
  const run = spawnSync(path, ['-e', 'print("espkit-version:"+process.version)'], { cwd: tmpdir(), input: '', timeout: 10_000, encoding: 'latin1' });
  const match = /espkit-version:(\S+)/.exec(run.stdout ?? '');
  if (!match) {
    const why = run.error ? run.error.message : run.signal ? `it was killed by ${run.signal}` : `it printed no version (exit code ${run.status})`;
    throw new EspkitError(`the Espruino binary ${path} does not start: ${why}; build Espruino ${ESPRUINO_RELEASE} for Linux as the README says`);
  }
  checked.set(path, match[1]!);
  return match[1]!;
}

/** Decide once per board. Throws a one-line error for a named binary that is missing or does not run. */
export function chooseInterpreter(choice: EspruinoChoice = 'auto', bin?: string): InterpreterInfo {
  if (choice === 'model') return { kind: 'model' };
  let found;
  try {
    found = findEspruinoBinary(bin);
  } catch (err) {
    throw new EspkitError((err as Error).message);
  }
  if (!found) {
    if (choice === 'real') throw new EspkitError(`no real Espruino ${ESPRUINO_RELEASE} binary: give --espruino-bin, set ESPKIT_ESPRUINO, or see the README ("The real interpreter")`);
    return { kind: 'model' };
  }
  return { kind: 'real', path: found.path, version: versionOf(found.path), from: found.from };
}

/** One line for people: which Espruino the board runs. */
export function describeInterpreter(info: InterpreterInfo): string {
  return info.kind === 'real'
    ? `Espruino: real interpreter ${info.version} (${info.path})`
    : 'Espruino: model (no binary; see README "The real interpreter")';
}
