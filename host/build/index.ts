// The firmware compiler: TypeScript in firmware/src -> one Espruino-safe JavaScript file.
//   1. type-check against firmware/types (typecheck.ts)
//   2. refuse what Espruino cannot run and cannot be lowered (refuse.ts)
//   3. bundle (bundle.ts, esbuild), 4. lower what Espruino lacks (lower/)
//   5. minify (minify.ts), rename minified names Espruino reserves (reserved-names.ts)
//   6. check the emitted code against the facts (check.ts), 7. measure against the budget, write.
import { mkdirSync, renameSync, writeFileSync, statSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { EspkitError } from '../../core/errors.ts';
import { BuildError, displayPath, type BuildDiagnostic } from './diagnostic.ts';
import { createFirmwareProgram, readFirmwareConfig, typeDiagnostics } from './typecheck.ts';
import { refuseUnsupported } from './refuse.ts';
import { rewriteUnaryPlusOnText } from './unary-plus.ts';
import { warnBoardDifferences } from './warnings.ts';
import { bundleFirmware } from './bundle.ts';
import { lowerForEspruino } from './lower/index.ts';
import { SourceTrail } from './source-map.ts';
import { recordMinify, recordFinalHoist, firmwareSourceMap } from './mapped-steps.ts';
import { recordExactLiterals } from './exact-literals.ts';
import { checkEspruinoCode } from './check.ts';
import { withPretokenisePrologue } from './prologue.ts';
import { releaseBootOnlyFunctions } from './release-boot-only.ts';
import { privateOnlyNames, shortNames } from './private-names.ts';
import { estimatedVariables, type BuildCost } from './budget.ts';
import { addLibraryModules, findFirmwareLibrary, localModuleFiles, modulePlaces, moduleWarnings } from './modules/index.ts';
import { PRETOKENISE_PROLOGUE } from './prologue.ts';
import { carryOnDemand, onDemandEntry } from './on-demand.ts';
import { boardMemory, loadBoard, type BoardProfile } from '../../core/board.ts';

export { checkEspruinoCode, type EspruinoCheckOptions } from './check.ts';
export { BuildError, formatDiagnostic, formatWarning, type BuildDiagnostic } from './diagnostic.ts';
export type { BuildCost, PartCost } from './budget.ts';
export { describeCost } from './cost-report.ts';

export interface BuildOptions {
  /** Project root (holds firmware/ and dist/). */
  root: string;
  /** Entry module; default firmware/src/main.ts. */
  entry?: string;
  /** Output file; default dist/firmware.js. Nothing is written when `out` is false. */
  out?: string | false;
  /** Size limit in bytes of the output; default the board's code budget (16 KB on the ESP32 DevBoard). */
  budget?: number;
  /** The board profile whose memory the build budgets against; default the ESP32 DevBoard's. */
  board?: BoardProfile;
  /** A folder of Espruino modules to take require("NAME") from first (before modules/ beside firmware/). */
  modules?: string;
  /** Where ESPKIT_MODULES_URL, ESPKIT_OFFLINE and the cache folder's variables are read; default process.env. */
  env?: NodeJS.ProcessEnv;
  /** tsconfig of the firmware; default firmware/tsconfig.json. */
  tsconfig?: string;
  /** Minify (default true). */
  minify?: boolean;
  /** Type-check every file the tsconfig includes, not only what the entry imports (default true). */
  checkAllFiles?: boolean;
  /** Start the file with `E.setFlags({pretokenise:1})`, so functions kept in RAM take less (default true; prologue.ts). */
  pretokenise?: boolean;
  /**
   * An entry built on its own and carried at the end of the output for the firmware to load when it needs it
   * (on-demand.ts); default firmware/src/on-demand.ts when it exists and the entry is the default one; false: none.
   */
  onDemand?: string | false;
}

export interface BuildResult {
  ok: true;
  entry: string;
  /** Where the code was written (absent when out is false). */
  out?: string;
  /** Where its source map was written, beside it (absent when out is false). */
  map?: string;
  code: string;
  bytes: number;
  /** The bytes checked against the budget: `bytes`, or the minified size of a --no-minify build (budget.ts). */
  budgeted: number;
  budget: number;
  /** What the firmware's own code and each bundled library module cost, in bytes and estimated JsVars. */
  cost: BuildCost;
  /** Runtime helpers included. */
  helpers: string[];
  /** What runs but gives another result on the board than in Node, where the compiler sees it (kind 'warning'). */
  warnings: BuildDiagnostic[];
  /** The part carried for the firmware to load when it needs it, and the bytes it adds to the file (counted in `bytes`, not in `budgeted`). */
  onDemand?: { entry: string; bytes: number };
  /** Milliseconds spent, for people. */
  ms: number;
}

export async function buildFirmware(options: BuildOptions): Promise<BuildResult> {
  const started = Date.now();
  const root = resolve(options.root);
  const entry = resolve(root, options.entry ?? 'firmware/src/main.ts');
  const tsconfig = resolve(root, options.tsconfig ?? 'firmware/tsconfig.json');
  const memory = boardMemory(options.board ?? loadBoard());
  const budget = options.budget ?? memory.codeBudget;
  if (!Number.isInteger(budget) || budget <= 0) throw new EspkitError(`the size budget must be a positive number of bytes, not ${budget}`, { code: 2 });
  if (!existsSync(entry)) throw new EspkitError(`the firmware entry ${displayPath(root, entry)} does not exist: create it or pass --entry`);

  const config = readFirmwareConfig(tsconfig);
  const sources = [...new Set([entry, ...config.fileNames.filter((f) => !f.endsWith('.d.ts'))])].filter((f) => existsSync(f));
  const library = await findFirmwareLibrary(root, sources, modulePlaces(root, options.modules, options.env));
  const program = createFirmwareProgram(entry, config, options.checkAllFiles ?? true, library.declarations);
  const refusals = refuseUnsupported(program, root);
  // a refused construct often also fails to type (TextEncoder is not declared): the refusal says more
  const refusedAt = new Set(refusals.map((d) => `${d.file}:${d.line}:${d.column}`));
  const typeErrors = typeDiagnostics(program, root).filter((d) => !refusedAt.has(`${d.file}:${d.line}:${d.column}`));
  const problems: BuildDiagnostic[] = [...refusals, ...typeErrors];
  if (problems.length > 0) throw new BuildError(sortDiagnostics(problems));
  const warnings = sortDiagnostics(warnBoardDifferences(program, root));

  const bundled = await bundleFirmware(entry, root, rewriteUnaryPlusOnText(program), library.modules.map((m) => m.name));
  if (bundled.diagnostics.length > 0) throw new BuildError(bundled.diagnostics);
  const trail = new SourceTrail(bundled.code, bundled.map);
  const lowered = lowerForEspruino(bundled.code, undefined, trail);
  let code = lowered.code;
  if (options.minify ?? true) code = await recordMinify(code, trail, shortNames(privateOnlyNames(program.program), code));
  code = `${recordFinalHoist(code, trail).trimEnd()}\n`;
  // last, so that no later step (the minifier folds 9995/1000 into 9.995) brings a misread literal back
  code = recordExactLiterals(code, trail);
  const released = releaseBootOnlyFunctions(code);
  trail.edited(released.code, released.pieces);
  code = released.code;
  if (options.pretokenise ?? true) {
    const prefixed = withPretokenisePrologue(code);
    trail.edited(prefixed.code, prefixed.pieces);
    code = prefixed.code;
  }

  const outName = options.out === false ? 'firmware.js' : displayPath(root, resolve(root, options.out ?? 'dist/firmware.js'));
  const emitted = checkEspruinoCode(code, { file: outName, strict: true });
  if (emitted.length > 0) {
    throw new BuildError(emitted.map((d) => ({ ...d, message: `${d.message} [the compiled output still has it: a compiler bug, please report it]` })));
  }

  const firmwareBytes = Buffer.byteLength(code, 'utf8');
  const keepFirst = code.startsWith(PRETOKENISE_PROLOGUE) ? PRETOKENISE_PROLOGUE.length : 0;
  const added = await addLibraryModules(code, keepFirst, trail, library.modules, root, options.minify ?? true, memory.codeBytesPerVariable);
  code = added.code;
  warnings.push(...moduleWarnings(added.modules));
  const cost: BuildCost = {
    parts: [
      { name: 'firmware', bytes: firmwareBytes, variables: estimatedVariables(firmwareBytes, memory.codeBytesPerVariable) },
      ...added.modules.map((m) => ({ name: m.name, bytes: m.bytes, variables: m.variables, module: { from: m.from, where: m.where, requiredBy: m.requiredBy, requires: m.requires } })),
    ],
    variables: 0,
    boardVariables: memory.variables,
  };
  cost.variables = cost.parts.reduce((sum, p) => sum + p.variables, 0);

  const bytes = Buffer.byteLength(code, 'utf8');
  // a readable build is measured by the minified build of the same sources: minifying the readable text again
  // would miss what only the whole pipeline does (private members' short names), and overstate the size
  const budgeted = (options.minify ?? true)
    ? bytes
    : (await buildFirmware({ ...options, minify: true, out: false, onDemand: false, budget: Number.MAX_SAFE_INTEGER })).bytes;
  if (budgeted > budget) {
    const what = budgeted === bytes ? `${bytes} bytes` : `${budgeted} bytes minified`;
    const parts = cost.parts.length > 1 ? ` (${cost.parts.map((p) => `${p.name === 'firmware' ? 'own code' : `module ${p.name}`} ${p.bytes}`).join(', ')})` : '';
    throw new EspkitError(`the firmware is ${what}${parts}, over the board's budget of ${budget} bytes by ${budgeted - budget}: remove code or modules, or raise --budget if the board has more memory`);
  }

  const result: BuildResult = { ok: true, entry: displayPath(root, entry), code, bytes, budgeted, budget, cost, helpers: lowered.helpers, warnings, ms: 0 };
  // the source map covers the firmware's own code; the part carried after it is mapped by nothing
  const mapped = code;
  const later = onDemandEntry(root, entry, options.onDemand);
  if (later) {
    const part = await buildFirmware({ ...options, entry: later, out: false, onDemand: false, checkAllFiles: false });
    result.code = code = carryOnDemand(code, part.code);
    const total = Buffer.byteLength(code, 'utf8');
    result.onDemand = { entry: part.entry, bytes: total - result.bytes };
    result.bytes = total;
  }
  if (options.out !== false) {
    const out = resolve(root, options.out ?? 'dist/firmware.js');
    writeAtomically(out, code);
    writeAtomically(`${out}.map`, JSON.stringify(firmwareSourceMap(trail, mapped, out, root)));
    result.out = displayPath(root, out);
    result.map = displayPath(root, `${out}.map`);
  }
  result.ms = Date.now() - started;
  return result;
}

/** Is the output older than any firmware source, typing, config or module in modules/ (so deploy knows to rebuild)? */
export function isBuildStale(root: string, out = 'dist/firmware.js'): boolean {
  const outPath = resolve(root, out);
  if (!existsSync(outPath)) return true;
  const built = statSync(outPath).mtimeMs;
  const config = readFirmwareConfig(resolve(root, 'firmware/tsconfig.json'));
  const inputs = [...config.fileNames, resolve(root, 'firmware/tsconfig.json'), ...localModuleFiles(root)];
  return inputs.some((f) => existsSync(f) && statSync(f).mtimeMs > built);
}

function writeAtomically(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = join(dirname(file), `.${process.pid}.${Date.now()}.tmp`);
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

function sortDiagnostics(ds: BuildDiagnostic[]): BuildDiagnostic[] {
  return [...ds].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
}
