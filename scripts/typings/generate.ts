// Generate firmware/types/espruino.d.ts (and core/espruino/esp32-globals.ts, its lists of globals and built-in modules), the typings of everything Espruino's build for one board has, from
// an Espruino source tree: the Makefile and board file decide the wrapper files and defines (build.ts), the
// wrapper files' JSON headers and their conditions decide the API (headers.ts), and emit.ts writes it.
// Usage: node --import tsx scripts/typings/generate.ts --source <checkout or git repository> [--ref RELEASE_2V29]
//        [--board ESP32] [--out firmware/types] [--globals-root <repo>] [--check]
// --check compares with the files on disk instead of writing them (exit 1 when they differ).
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateTypings, GENERATED_FILE, GLOBALS_FILE } from './typings.ts';
import { openSource, SourceError } from './source.ts';

interface Options { source: string; ref: string; board: string; out: string; globalsOut: string; check: boolean }

const root = fileURLToPath(new URL('../..', import.meta.url));

function parseArgs(argv: readonly string[]): Options {
  const o: Options = { source: '', ref: 'RELEASE_2V29', board: 'ESP32', out: join(root, 'firmware/types'), globalsOut: root, check: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new SourceError(`${a} needs a value`);
      return v;
    };
    if (a === '--source') o.source = value();
    else if (a === '--ref') o.ref = value();
    else if (a === '--board') o.board = value();
    else if (a === '--out') o.out = resolve(value());
    else if (a === '--globals-root') o.globalsOut = resolve(value());
    else if (a === '--check') o.check = true;
    else throw new SourceError(`unknown option ${a} (use --source, --ref, --board, --out, --globals-root, --check)`);
  }
  if (!o.source) throw new SourceError('--source <Espruino checkout or git repository> is required');
  return o;
}

function main(): number {
  const o = parseArgs(process.argv.slice(2));
  if (!existsSync(o.out)) throw new SourceError(`${o.out} does not exist`);
  const supplements = new Map(readdirSync(o.out).filter((f) => f.endsWith('.d.ts') && f !== GENERATED_FILE).map((f) => [join(o.out, f), readFileSync(join(o.out, f), 'utf8')]));
  const generated = generateTypings(openSource(o.source, o.ref), o.board, supplements);
  const outputs: Array<[string, string]> = [[join(o.out, GENERATED_FILE), generated.typings], [join(o.globalsOut, GLOBALS_FILE), generated.globalsModule]];
  if (o.check) {
    const stale = outputs.filter(([path, text]) => !existsSync(path) || readFileSync(path, 'utf8') !== text).map(([path]) => path);
    console.log(stale.length === 0 ? 'the generated typings are up to date' : `${stale.join(', ')} differ from a fresh generation: run scripts/typings/generate.ts`);
    return stale.length === 0 ? 0 : 1;
  }
  for (const [path, text] of outputs) {
    writeFileSync(path, text);
    console.log(`wrote ${path} (${text.split('\n').length} lines)`);
  }
  return 0;
}

try {
  process.exitCode = main();
} catch (e) {
  console.error(`error: ${(e as Error).message}`);
  process.exitCode = 1;
}
