// A library module as the firmware carries it: checked like the compiled code (what Espruino 2v29 cannot
// parse or lacks, regexes its engine misreads), minified unless it came minified, and wrapped the way the
// Web IDE sends modules: `Modules.addCached("NAME",function(){CODE});`. Espruino runs the function's code as
// the module, with `exports`, `module` and `this` (the exports) in scope; the function itself is dropped once
// it ran, so only what the module exports stays in memory.
import { checkEspruinoCode } from '../check.ts';
import { displayPath, type BuildDiagnostic } from '../diagnostic.ts';
import { exactDecimalLiteralsMapped } from '../exact-literals.ts';
import { minifyForEspruino } from '../minify.ts';
import { estimatedVariables } from '../budget.ts';
import type { LibraryModule } from './resolve.ts';
import type { ModuleOrigin } from './locate.ts';

export interface PreparedModule {
  name: string;
  from: ModuleOrigin;
  /** Where its code came from: a path relative to the project when inside it, else absolute, or a URL. */
  where: string;
  requires: string[];
  requiredBy: string[];
  /** Typed by a NAME.d.ts beside it (else require gives any). */
  typed: boolean;
  /** Why its code may not be the library's in use (locate.ts), when so. */
  unknownOrigin?: string;
  /** The statement that adds it on the board, with its line end. */
  text: string;
  bytes: number;
  /** JsVars it is estimated to take once loaded (bytes / the board's code bytes per variable). */
  variables: number;
}

/** A line in front of the code gives it the scope Espruino runs a module in, so `exports` and `module` are declared. */
const SCOPE_LINE = 'function espkitModule(exports,module){\n';

/** What Espruino cannot run in a module's code, at the module's own lines. */
export function checkModuleCode(code: string, file: string): BuildDiagnostic[] {
  return checkEspruinoCode(`${SCOPE_LINE}${code}\n}`, { file, strict: false })
    .map((d) => ({ ...d, line: d.line - 1, kind: 'refused' as const }));
}

export function addCachedStatement(name: string, code: string): string {
  return `Modules.addCached(${JSON.stringify(name)},function(){\n${code.trim()}\n});`;
}

export async function prepareModule(m: LibraryModule, root: string, minify: boolean, codeBytesPerVariable: number): Promise<PreparedModule | BuildDiagnostic[]> {
  const where = /^[a-z]+:\/\//i.test(m.where) ? m.where : displayPath(root, m.where);
  const problems = checkModuleCode(m.code, where);
  if (problems.length > 0) return problems;
  let text = addCachedStatement(m.name, m.code);
  // the minifier folds constants into decimal literals the board misreads: written exactly again afterwards
  if (minify && !m.minified) text = exactDecimalLiteralsMapped((await minifyForEspruino(text)).trimEnd()).code;
  text = `${text}\n`;
  const bytes = Buffer.byteLength(text, 'utf8');
  return {
    name: m.name, from: m.from, where, requires: m.requires, requiredBy: m.requiredBy, typed: m.typings !== undefined, text, bytes,
    variables: estimatedVariables(bytes, codeBytesPerVariable), ...(m.unknownOrigin ? { unknownOrigin: m.unknownOrigin } : {}),
  };
}
