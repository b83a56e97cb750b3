// esptool.py, the reference ROM-loader client, run from a folder holding its source (the `esptool` package):
// ESPKIT_ESPTOOL names that folder (.ci/run sets it when the machine has a copy). It needs pyserial and
// esptool's other modules; the first Python found that imports them is used (ESPKIT_PYTHON, else the
// system's python3, else python3 on the PATH: a version manager's python3 often lacks Debian's modules).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export interface EsptoolPy {
  python: string;
  dir: string;
}

export interface EsptoolRun {
  code: number | null;
  output: string;
}

let found: EsptoolPy | string | undefined;

/** esptool.py, or the reason it cannot run here (for a test's skip). */
export function findEsptoolPy(): EsptoolPy | string {
  found ??= locate();
  return found;
}

function locate(): EsptoolPy | string {
  const dir = process.env.ESPKIT_ESPTOOL;
  if (!dir) return 'esptool.py not found: set ESPKIT_ESPTOOL to the folder holding its esptool package';
  if (!existsSync(join(dir, 'esptool', '__init__.py'))) return `ESPKIT_ESPTOOL=${dir} holds no esptool package`;
  const candidates = [process.env.ESPKIT_PYTHON, '/usr/bin/python3', 'python3'].filter((p): p is string => !!p);
  for (const python of candidates) {
    const probe = spawnSync(python, ['-c', 'import serial, esptool'], { cwd: dir, encoding: 'utf8' });
    if (probe.status === 0) return { python, dir };
  }
  return 'esptool.py cannot run: python3 with pyserial and esptool\'s modules is missing (Debian: apt-get install python3-serial python3-cryptography python3-ecdsa python3-bitstring python3-intelhex python3-click python3-yaml python3-rich-click python3-rich)';
}

/** Run `python -m esptool <args>` and collect what it printed. */
export function runEsptool(tool: EsptoolPy, args: string[], timeoutMs = 120_000): Promise<EsptoolRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool.python, ['-m', 'esptool', ...args], {
      cwd: tool.dir,
      env: { ...process.env, NO_COLOR: '1', PYTHONUNBUFFERED: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => { output += d.toString('utf8'); });
    child.stderr.on('data', (d: Buffer) => { output += d.toString('utf8'); });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', (err) => { clearTimeout(timer); reject(err); });
    child.once('close', (code) => { clearTimeout(timer); resolve({ code, output }); });
  });
}
