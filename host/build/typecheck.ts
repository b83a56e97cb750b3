// Type-check the firmware against the Espruino typings (firmware/types) with the TypeScript compiler.
// The program it returns also feeds the refusal pass, which needs the type checker.
import ts from 'typescript';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { EspkitError } from '../../core/errors.ts';
import { displayPath, type BuildDiagnostic } from './diagnostic.ts';

export interface FirmwareProgram {
  program: ts.Program;
  /** The firmware's own source files (not typings, not the TypeScript lib). */
  sources: ts.SourceFile[];
}

let lastProgram: ts.Program | undefined;

/** Read firmware/tsconfig.json: compiler options and the files it names. */
export function readFirmwareConfig(tsconfigPath: string): ts.ParsedCommandLine {
  if (!existsSync(tsconfigPath)) throw new EspkitError(`${tsconfigPath} does not exist: the firmware needs its tsconfig.json (with firmware/types)`);
  const read = ts.readConfigFile(tsconfigPath, (p) => ts.sys.readFile(p));
  if (read.error) throw new EspkitError(`bad ${tsconfigPath}: ${ts.flattenDiagnosticMessageText(read.error.messageText, ' ')}`);
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, dirname(tsconfigPath), undefined, tsconfigPath);
  const bad = parsed.errors.filter((d) => d.category === ts.DiagnosticCategory.Error && d.code !== 18003);
  if (bad.length > 0) throw new EspkitError(`bad ${tsconfigPath}: ${ts.flattenDiagnosticMessageText(bad[0]!.messageText, ' ')}`);
  return parsed;
}

/**
 * Build the program: the entry, the typings the config names, and (when `allFiles`) every file the config
 * includes, so that a firmware file nothing imports yet is still checked.
 */
export function createFirmwareProgram(entry: string, config: ts.ParsedCommandLine, allFiles: boolean, generated?: GeneratedDeclarations): FirmwareProgram {
  const typings = config.fileNames.filter((f) => f.endsWith('.d.ts'));
  const roots = new Set([...(generated ? [generated.fileName] : []), resolve(entry), ...typings, ...(allFiles ? config.fileNames : [])]);
  const options: ts.CompilerOptions = { ...config.options, noEmit: true };
  const host = generated ? hostWith(options, generated) : undefined;
  // reusing the previous program keeps the parsed lib and typings: rebuilds (watch, tests) are much faster
  const program = ts.createProgram({ rootNames: [...roots], options, oldProgram: lastProgram, ...(host ? { host } : {}) });
  lastProgram = program;
  const sources = program.getSourceFiles().filter((sf) => !sf.isDeclarationFile && !program.isSourceFileDefaultLibrary(sf) && !sf.fileName.includes('/node_modules/'));
  return { program, sources };
}

/** A declaration file the compiler writes (the library modules' require overloads), never put on disk. */
export interface GeneratedDeclarations {
  fileName: string;
  text: string;
}

function hostWith(options: ts.CompilerOptions, file: GeneratedDeclarations): ts.CompilerHost {
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.getSourceFile = (name, version, onError, shouldCreate) =>
    name === file.fileName ? ts.createSourceFile(name, file.text, version, true) : getSourceFile.call(host, name, version, onError, shouldCreate);
  host.fileExists = (name) => name === file.fileName || fileExists.call(host, name);
  host.readFile = (name) => (name === file.fileName ? file.text : readFile.call(host, name));
  return host;
}

/** TypeScript's own errors (syntax, types), as build diagnostics. */
export function typeDiagnostics(fp: FirmwareProgram, root: string): BuildDiagnostic[] {
  const all = [...fp.program.getOptionsDiagnostics(), ...fp.program.getGlobalDiagnostics(), ...ts.getPreEmitDiagnostics(fp.program)];
  const seen = new Set<string>();
  const out: BuildDiagnostic[] = [];
  for (const d of all) {
    if (d.category !== ts.DiagnosticCategory.Error) continue;
    const message = ts.flattenDiagnosticMessageText(d.messageText, ' ');
    let file = '(config)';
    let line = 1;
    let column = 1;
    if (d.file && d.start !== undefined) {
      const pos = d.file.getLineAndCharacterOfPosition(d.start);
      file = displayPath(root, d.file.fileName);
      line = pos.line + 1;
      column = pos.character + 1;
    }
    const key = `${file}:${line}:${column}:${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ file, line, column, message: `TS${d.code}: ${message}`, kind: 'type' });
  }
  return out;
}
