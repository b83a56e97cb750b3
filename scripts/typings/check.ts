// Compile the generated declarations (with the hand-written supplement and the ES2022 lib, as the firmware
// is compiled) and replace every declaration whose preferred shape does not compile with its plain one.
// Espruino's "typescript" shapes name helper types of its own documentation build that this project does
// not have; the plain shape always stands on its own.
import ts from 'typescript';
import type { Decl, Item } from './emit.ts';

export interface Rendered {
  text: string;
  /** The declaration each line of `text` belongs to (0-based line numbers). */
  lines: Array<Decl | undefined>;
}

export function render(header: string, items: readonly Item[]): Rendered {
  const out: string[] = [];
  const lines: Array<Decl | undefined> = [];
  const push = (text: string, decl: Decl | undefined, indent = ''): void => {
    for (const l of text.split('\n')) { out.push(indent + l); lines.push(decl); }
  };
  push(header, undefined);
  for (const item of items) {
    if (!item.members) { push(item.head.text, item.head); continue; }
    push(`${item.head.text} {`, item.head);
    for (const m of item.members) push(m.text, m, '  ');
    push('}', undefined);
  }
  return { text: `${out.join('\n')}\n`, lines };
}

/** Compile until every declaration compiles; throws with the first error no fallback can fix. */
export function settle(header: string, items: readonly Item[], fileName: string, supplements: ReadonlyMap<string, string>): string {
  for (let round = 0; round < 20; round++) {
    const r = render(header, items);
    const errors = compile(fileName, r.text, supplements);
    if (errors.length === 0) return r.text;
    let changed = false;
    for (const e of errors) {
      const decl = e.file === fileName ? r.lines[e.line] : undefined;
      if (decl && decl.text !== decl.fallback) { decl.text = decl.fallback; changed = true; }
    }
    if (!changed) {
      const e = errors[0]!;
      const decl = e.file === fileName ? r.lines[e.line] : undefined;
      throw new Error(`generated typings do not compile: ${e.file}:${e.line + 1}: ${e.message}${decl ? ` (from ${decl.at})` : ''}`);
    }
  }
  throw new Error('generated typings did not settle');
}

interface CompileError { file: string; line: number; message: string }

function compile(fileName: string, text: string, supplements: ReadonlyMap<string, string>): CompileError[] {
  const files = new Map<string, string>([[fileName, text], ...supplements]);
  const options: ts.CompilerOptions = { lib: ['lib.es2022.d.ts'], types: [], strict: true, noEmit: true, target: ts.ScriptTarget.ES2022 };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, version) => {
    const own = files.get(name);
    return own !== undefined ? ts.createSourceFile(name, own, version, true) : getSourceFile(name, version);
  };
  host.fileExists = (name) => files.has(name) || ts.sys.fileExists(name);
  host.readFile = (name) => files.get(name) ?? ts.sys.readFile(name);
  const program = ts.createProgram({ rootNames: [...files.keys()], options, host });
  const out: CompileError[] = [];
  for (const d of [...program.getSyntacticDiagnostics(), ...program.getGlobalDiagnostics(), ...program.getSemanticDiagnostics()]) {
    if (d.category !== ts.DiagnosticCategory.Error) continue;
    const message = ts.flattenDiagnosticMessageText(d.messageText, ' ');
    if (!d.file || d.start === undefined) { out.push({ file: '(global)', line: 0, message }); continue; }
    out.push({ file: d.file.fileName, line: d.file.getLineAndCharacterOfPosition(d.start).line, message });
  }
  return out;
}
