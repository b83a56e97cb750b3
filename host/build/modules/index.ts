// Espruino's module library in espkit build: which modules the firmware requires by name, where they are
// found (locate.ts), in which order the board adds them (resolve.ts), and how each is carried (prepare.ts).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { EspkitError } from '../../../core/errors.ts';
import { join, resolve } from 'node:path';
import { BuildError, displayPath, type BuildDiagnostic } from '../diagnostic.ts';
import { prefixPieces, type Piece, type SourceTrail } from '../source-map.ts';
import type { GeneratedDeclarations } from '../typecheck.ts';
import { modulesCacheDir } from './cache.ts';
import { isOffline, modulesBaseUrl } from './library.ts';
import type { ModulePlaces } from './locate.ts';
import { neededModules, resolveLibrary, type LibraryModule, type ModuleRequest } from './resolve.ts';
import { prepareModule, type PreparedModule } from './prepare.ts';
import { requireDeclarations, untypedWarnings } from './typings.ts';
import { isBuiltInModule, isPathRequire, requireCalls } from './requires.ts';

export type { LibraryModule } from './resolve.ts';
export type { PreparedModule } from './prepare.ts';
export type { ModulePlaces, ModuleOrigin } from './locate.ts';

/** Where modules are looked for: --modules DIR, modules/ beside firmware/, the cache, the online library. */
export function modulePlaces(root: string, modulesDir?: string, env: NodeJS.ProcessEnv = process.env): ModulePlaces {
  if (modulesDir !== undefined && !isDirectory(resolve(root, modulesDir))) throw new EspkitError(`the modules folder ${modulesDir} does not exist`, { code: 2 });
  const own = join(root, 'modules');
  const localDirs = modulesDir === undefined ? [own] : [...new Set([resolve(root, modulesDir), own])];
  return { localDirs, cacheDir: modulesCacheDir(env), baseUrl: modulesBaseUrl(env), offline: isOffline(env) };
}

/** The files in modules/ beside firmware/ (none when there is no such folder). */
export function localModuleFiles(root: string): string[] {
  const dir = join(root, 'modules');
  return isDirectory(dir) ? readdirSync(dir).map((f) => join(dir, f)) : [];
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** The library modules the firmware's source files require by name (not built-in, not a path). */
export function firmwareRequests(files: readonly string[], root: string): ModuleRequest[] {
  const out: ModuleRequest[] = [];
  const seen = new Set<string>();
  for (const file of files) {
    for (const call of requireCalls(readFileSync(file, 'utf8'), file)) {
      if (isBuiltInModule(call.name) || isPathRequire(call.name) || seen.has(call.name)) continue;
      seen.add(call.name);
      out.push({ name: call.name, by: 'firmware', at: `${displayPath(root, file)}:${call.line}:${call.column}` });
    }
  }
  return out;
}

/** What the build warns of about the modules it added: one from a cache file of unknown library, one without typings. */
export function moduleWarnings(modules: readonly PreparedModule[]): BuildDiagnostic[] {
  const unknown = modules.filter((m) => m.unknownOrigin !== undefined).map((m): BuildDiagnostic => ({
    file: m.where, line: 1, column: 1, kind: 'warning',
    message: `module "${m.name}" is ${m.unknownOrigin}: it may come from another library than the one in use`,
    hint: 'build once online to fetch it again',
  }));
  return [...unknown, ...untypedWarnings(modules)];
}

/** `code` with the modules' statements after `keepFirst` characters (the pretokenise prologue), and the map pieces. */
export function withModules(code: string, keepFirst: number, statements: readonly string[]): { code: string; pieces: Piece[] } {
  const inserted = statements.join('');
  if (inserted.length === 0) return { code, pieces: prefixPieces(code.length) };
  const out = code.slice(0, keepFirst) + inserted + code.slice(keepFirst);
  const pieces: Piece[] = [];
  if (keepFirst > 0) pieces.push({ outStart: 0, inStart: 0, length: keepFirst });
  if (code.length > keepFirst) pieces.push({ outStart: keepFirst + inserted.length, inStart: keepFirst, length: code.length - keepFirst });
  return { code: out, pieces };
}

export interface FirmwareLibrary {
  /** Every module the firmware's sources require, and theirs, dependencies first. */
  modules: LibraryModule[];
  /** The require overloads for the type check (absent when no module is required). */
  declarations?: GeneratedDeclarations;
}

/** Find (and fetch when needed) the library modules the firmware's sources require. */
export async function findFirmwareLibrary(root: string, sources: readonly string[], places: ModulePlaces): Promise<FirmwareLibrary> {
  const modules = await resolveLibrary(firmwareRequests(sources, root), places);
  if (modules.length === 0) return { modules };
  const fileName = join(root, 'firmware', 'types', 'espkit-library-modules.generated.d.ts');
  return { modules, declarations: { fileName, text: requireDeclarations(modules) } };
}

/**
 * Put the modules the compiled `code` still requires (and theirs) in front of it, after the first `keepFirst`
 * characters, each checked and prepared; the trail follows. Refused module code fails the build.
 */
export async function addLibraryModules(
  code: string, keepFirst: number, trail: SourceTrail, library: readonly LibraryModule[], root: string, minify: boolean, codeBytesPerVariable: number,
): Promise<{ code: string; modules: PreparedModule[] }> {
  const used = neededModules(library, requireCalls(code, 'firmware.js').map((c) => c.name));
  const modules: PreparedModule[] = [];
  const problems: BuildDiagnostic[] = [];
  for (const m of used) {
    const prepared = await prepareModule(m, root, minify, codeBytesPerVariable);
    if (Array.isArray(prepared)) problems.push(...prepared);
    else modules.push(prepared);
  }
  if (problems.length > 0) throw new BuildError(problems);
  const added = withModules(code, keepFirst, modules.map((m) => m.text));
  trail.edited(added.code, added.pieces);
  return { code: added.code, modules };
}
