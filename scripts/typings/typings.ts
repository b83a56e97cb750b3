// From an Espruino tree to the text of the generated typings file: the library the CLI and the tests share.
import ts from 'typescript';
import { readBuild } from './build.ts';
import { settle } from './check.ts';
import { modelItems } from './emit.ts';
import { includedHeaders } from './headers.ts';
import { readLib } from './lib.ts';
import type { SourceTree } from './source.ts';

export const GENERATED_FILE = 'espruino.d.ts';
/**
 * The lists of the board's globals, for the compiler's check of emitted code (core/espruino/builtins.ts), and
 * of its built-in modules, which espkit build leaves to the board's require (host/build/modules).
 */
export const GLOBALS_FILE = 'core/espruino/esp32-globals.ts';

export interface Generated {
  typings: string;
  globalsModule: string;
}

/**
 * `supplements` are the hand-written typings files next to the generated one (path -> text): the generated
 * declarations must compile together with them.
 */
export function generateTypings(tree: SourceTree, boardName: string, supplements: ReadonlyMap<string, string>): Generated {
  const build = readBuild(tree, boardName);
  const headers = includedHeaders(tree, build.wrapperSources, build.defines);
  const { items, libraries } = modelItems(headers, readLib(), build.board, handWrittenMembers(supplements));
  const header = [
    `// Generated from Espruino ${tree.ref} (board ${boardName}) by scripts/typings/generate.ts; do not edit.`,
    '// Hand-written additions live in the other files of this folder (docs/typings.md).',
  ].join('\n');
  const typings = settle(header, items, `/typings/${GENERATED_FILE}`, new Map([...supplements].map(([p, t]) => [`/typings/supplement/${p.split('/').pop()}`, t])));
  const names = new Set<string>();
  for (const item of items) {
    const m = /^declare (?:const|function) ([A-Za-z_$][\w$]*)/.exec(item.head.text);
    if (m) names.add(m[1]!);
  }
  const globalsModule = [
    `// Generated from Espruino ${tree.ref} (board ${boardName}) by scripts/typings/generate.ts; do not edit.`,
    '// The globals the board has beyond the ECMAScript ones, as firmware/types/espruino.d.ts declares them.',
    'export const ESP32_GLOBALS: readonly string[] = [',
    ...chunk([...names].sort(), 8).map((c) => `  ${c.map((n) => `'${n}'`).join(', ')},`),
    '];',
    '',
    '// The built-in modules, the names espruino.d.ts declares a `require(name: "...")` overload for; require() of',
    '// any other name is a module from Espruino\'s module library.',
    'export const ESP32_MODULES: readonly string[] = [',
    ...chunk([...libraries].sort(), 8).map((c) => `  ${c.map((n) => `'${n}'`).join(', ')},`),
    '];',
    '',
  ].join('\n');
  return { typings, globalsModule };
}

function chunk<T>(xs: readonly T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}

/** Interface members the hand-written files declare: they replace the generated ones of the same name. */
function handWrittenMembers(supplements: ReadonlyMap<string, string>): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const [path, text] of supplements) {
    const sf = ts.createSourceFile(path, text, ts.ScriptTarget.ES2022, true);
    for (const s of sf.statements) {
      if (!ts.isInterfaceDeclaration(s)) continue;
      const set = out.get(s.name.text) ?? new Set<string>();
      for (const m of s.members) if (m.name && ts.isIdentifier(m.name)) set.add(m.name.text);
      out.set(s.name.text, set);
    }
  }
  return out;
}
