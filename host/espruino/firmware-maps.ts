// Which source maps explain a board's traces. `espkit deploy` keeps a copy of the firmware it stored and
// its map under dist/deployed/, named by the code's CRC, so a later rebuild does not lose the map of what
// the board runs. The monitor and the bridge try those (newest first) and then dist/firmware.js; a trace
// frame takes the first map whose firmware has the quoted code at that place (trace.ts), so an old or
// foreign map is never believed. `--map FILE` names the one map to use instead.
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EspkitError } from '../../core/errors.ts';
import { loadFirmwareMap, type FirmwareMap } from './trace.ts';

export const BUILT_FIRMWARE = 'dist/firmware.js';
export const DEPLOYED_DIR = 'dist/deployed';
/** Deployed firmwares whose maps are kept. */
export const KEEP_DEPLOYED = 8;

/** Keep the deployed code and its map (`mapFile`, if it exists) as dist/deployed/<crc>.js(.map). */
export function recordDeployedFirmware(root: string, code: Uint8Array, crc: number, mapFile: string): string | undefined {
  if (!existsSync(mapFile)) return undefined;
  const dir = resolve(root, DEPLOYED_DIR);
  mkdirSync(dir, { recursive: true });
  const base = join(dir, `${crc.toString(16).padStart(8, '0')}.js`);
  writeFileSync(base, code);
  copyFileSync(mapFile, `${base}.map`);
  const kept = deployedFirmwares(root);
  for (const old of kept.slice(KEEP_DEPLOYED)) {
    rmSync(old, { force: true });
    rmSync(`${old}.map`, { force: true });
  }
  return base;
}

/** The recorded firmwares, newest first. */
function deployedFirmwares(root: string): string[] {
  const dir = resolve(root, DEPLOYED_DIR);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /^[0-9a-f]{8}\.js$/.test(f) && existsSync(join(dir, `${f}.map`)))
    .map((f) => join(dir, f))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
}

/**
 * The maps to rewrite traces with: `explicit` (a .map file; its firmware is the same name without .map)
 * alone, else the deployed ones and the built one of the project at `root`. Unreadable ones are skipped.
 */
export function firmwareMaps(root: string, explicit?: string): FirmwareMap[] {
  if (explicit) {
    const mapFile = resolve(explicit);
    const codeFile = mapFile.replace(/\.map$/, '');
    if (!existsSync(mapFile)) throw new EspkitError(`--map ${explicit}: no such file (espkit build writes dist/firmware.js.map)`, { code: 2 });
    if (codeFile === mapFile || !existsSync(codeFile)) throw new EspkitError(`--map ${explicit}: the firmware it describes (${codeFile}) is not beside it`, { code: 2 });
    try {
      return [loadFirmwareMap(codeFile, mapFile)];
    } catch (err) {
      throw new EspkitError(`--map ${explicit} is not a readable source map: ${err instanceof Error ? err.message : String(err)}`, { code: 2 });
    }
  }
  const candidates = [...deployedFirmwares(root), resolve(root, BUILT_FIRMWARE)];
  const maps: FirmwareMap[] = [];
  for (const code of candidates) {
    if (!existsSync(code) || !existsSync(`${code}.map`)) continue;
    try {
      maps.push(loadFirmwareMap(code));
    } catch {
      // a damaged map explains nothing; the others still may
    }
  }
  return maps;
}
