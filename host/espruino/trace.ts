// Espruino's error traces in TypeScript terms.
//
// Espruino reports an uncaught error as the message, then for each active function a frame of three lines
// (src/jslex.c, jslPrintStackTrace):
//
//     Uncaught Error: boom
//         at q (espkit.a:1:4061)          name (when it has one), position
//     ...x+1;throw new Error("boom")}...  the code around the position
//                                    ^    a caret under it
//
// The position is where the last token read starts. Code run from a Storage file (as deployed firmware
// is: the boot stub evaluates the slot file, whose functions stay in flash) is reported as
// `file:line:column` in that file, columns counting bytes from 1. Code held in RAM (sent to the REPL) is
// reported as `:line:column` inside the function's own text, which is located by finding the quoted code
// in the firmware. Lines longer than 60 characters are quoted as "..." + 27 characters before the token +
// up to 33 from it + "..." (jslPrintTokenLineMarker).
//
// A frame is rewritten only when the quoted code matches the firmware of the map at that place, so a map
// of other firmware never puts a wrong TypeScript line on screen: the frame then stays as Espruino said it.
// Lines in and out are latin1 strings of the console's bytes (a TypeScript line is written as UTF-8).
import ts from 'typescript';
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { TraceMap, originalPositionFor, type SourceMapInput } from '@jridgewell/trace-mapping';
import { plainLine } from './boot.ts';
import { isPretokenised } from '../../core/espruino/pretokenise.ts';

/** One firmware and its source map. */
export interface FirmwareMap {
  /** Where it came from, for messages. */
  label: string;
  /** The firmware as bytes, one character per byte (latin1). */
  bytes: string;
  map: TraceMap;
  /** The folder the map's sources are relative to. */
  dir: string;
}

/** Read `codeFile` and the map beside it (`codeFile.map`, or `mapFile`). */
export function loadFirmwareMap(codeFile: string, mapFile = `${codeFile}.map`): FirmwareMap {
  const bytes = readFileSync(codeFile).toString('latin1');
  const map = new TraceMap(JSON.parse(readFileSync(mapFile, 'utf8')) as SourceMapInput);
  return { label: mapFile, bytes, map, dir: dirname(resolve(mapFile)) };
}

/** A frame line: "    at name (file:line:col)" or "    at file:line:col". file is empty for code in RAM. */
export interface Frame {
  indent: string;
  name?: string;
  file: string;
  line: number;
  column: number;
}

const FRAME = /^(\s*at )(?:(.+?) \(([^():\s]*):(\d+):(\d+)\)|([^():\s]*):(\d+):(\d+))\s*$/;

export function parseFrame(text: string): Frame | undefined {
  const m = FRAME.exec(plainLine(text).replace(/\r/g, ''));
  if (!m) return undefined;
  if (m[2] !== undefined) return { indent: m[1]!, name: m[2], file: m[3]!, line: Number(m[4]), column: Number(m[5]) };
  return { indent: m[1]!, file: m[6]!, line: Number(m[7]), column: Number(m[8]) };
}

function isCaretLine(text: string): boolean {
  return /^ *\^\s*$/.test(plainLine(text).replace(/\r/g, ''));
}

/** Where a frame is in TypeScript. Line 1-based, column 0-based. */
export interface SourcePlace {
  /** The source as shown: relative to the project root. */
  file: string;
  line: number;
  column: number;
  /** The TypeScript line, when the map carries the source or the file is there. */
  text?: string;
  /** The enclosing function's name in the source. */
  functionName?: string;
}

/** The quoted code split at the caret, reduced to the ASCII runs that touch it (bytes >= 0x80 may print as keywords). */
function quoteAround(quoted: string, caretLine: string): { before: string; after: string } | undefined {
  let text = plainLine(quoted).replace(/\r/g, '');
  let caret = plainLine(caretLine).replace(/\r/g, '').indexOf('^');
  if (caret < 0) return undefined;
  if (text.startsWith('...')) {
    text = text.slice(3);
    caret -= 3;
  }
  if (text.length > 60 && text.endsWith('...')) text = text.slice(0, -3);
  if (caret < 0 || caret > text.length) return undefined;
  const before = /[\x00-\x7f]*$/.exec(text.slice(0, caret))![0];
  const after = /^[\x00-\x7f]*/.exec(text.slice(caret))![0];
  return before.length + after.length > 0 ? { before, after } : undefined;
}

export interface TraceRewriterOptions {
  /** The project root: sources are shown relative to it. */
  root: string;
}

/** Turns the frames of Espruino's traces into TypeScript places, one console line at a time. */
export class TraceRewriter {
  private held: string[] = [];
  private readonly sources = new Map<string, { text: string; tree?: ts.SourceFile } | null>();

  constructor(private readonly maps: readonly FirmwareMap[], private readonly options: TraceRewriterOptions) {}

  /** Lines are held while a frame is incomplete. */
  get holding(): boolean {
    return this.held.length > 0;
  }

  /** One console line in; the lines to show now out (none while a frame is incomplete). */
  push(line: string): string[] {
    if (this.held.length === 0) {
      if (this.maps.length > 0 && parseFrame(line)) {
        this.held.push(line);
        return [];
      }
      return [line];
    }
    if (this.held.length === 1) {
      this.held.push(line);
      return [];
    }
    const [frameLine, quoted] = this.held as [string, string];
    this.held = [];
    if (isCaretLine(line)) return this.frame(frameLine, quoted, line);
    // not a frame after all: show it, and look at the rest again
    return [frameLine, ...this.push(quoted), ...this.push(line)];
  }

  /** What is held, as it came (the input ended or paused). */
  flush(): string[] {
    const held = this.held;
    this.held = [];
    return held;
  }

  /** Rewrite a whole text (several lines, "\n" or "\r\n"), e.g. a deploy failure. */
  rewriteText(text: string): string {
    const lines = text.split('\n');
    const out = lines.flatMap((l) => this.push(l));
    return [...out, ...this.flush()].join('\n');
  }

  /** Where a frame is in TypeScript, or undefined when no map matches it. */
  locate(frame: Frame, quoted: string, caretLine: string): SourcePlace | undefined {
    const quote = quoteAround(quoted, caretLine);
    if (!quote) return undefined;
    for (const fw of this.maps) {
      // a position inside a function run from RAM counts tokenised bytes when the firmware set pretokenise, and
      // the caret under the quoted line is off: such a frame cannot be placed, so it stays as Espruino printed it
      if (!frame.file && isPretokenised(fw.bytes)) continue;
      const offsets = frame.file ? [absoluteOffset(fw.bytes, frame.line, frame.column)] : searchQuote(fw.bytes, quote);
      const places = offsets
        .filter((o): o is number => o !== undefined && quoteMatches(fw.bytes, o, quote))
        .map((o) => this.place(fw, o))
        .filter((p): p is SourcePlace => p !== undefined);
      const distinct = new Set(places.map((p) => `${p.file}:${p.line}:${p.column}`));
      if (distinct.size === 1) return places[0];
      if (distinct.size > 1) return undefined; // the same code in several places: cannot tell which
    }
    return undefined;
  }

  private frame(frameLine: string, quoted: string, caretLine: string): string[] {
    const frame = parseFrame(frameLine)!;
    const place = this.locate(frame, quoted, caretLine);
    if (!place) return [frameLine, quoted, caretLine];
    const where = `${place.file}:${place.line}:${place.column + 1}`;
    const name = place.functionName;
    const out = [`${frame.indent}${name ? `${name} (${where})` : where}`];
    if (place.text !== undefined) {
      const text = place.text.replace(/\s+$/, '');
      const pad = text.slice(0, place.column).replace(/[^\t]/g, ' ');
      out.push(text, `${pad}^`);
    } else {
      out.push(quoted, caretLine);
    }
    return out.map((l) => Buffer.from(l, 'utf8').toString('latin1'));
  }

  private place(fw: FirmwareMap, byteOffset: number): SourcePlace | undefined {
    const { line, column } = utf16Position(fw.bytes, byteOffset);
    const found = originalPositionFor(fw.map, { line, column });
    if (found.source === null) return undefined;
    const full = isAbsolute(found.source) ? found.source : resolve(fw.dir, found.source);
    const source = this.source(fw, found.source, full);
    const rel = relative(this.options.root, full);
    const file = (rel.startsWith('..') ? full : rel).split(sep).join('/');
    const lineText = source?.text.split('\n')[found.line - 1]?.replace(/\r$/, '');
    const place: SourcePlace = { file, line: found.line, column: found.column };
    if (lineText !== undefined) place.text = lineText;
    const fn = source ? enclosingFunctionName(this.tree(source, full), found.line, found.column) : undefined;
    if (fn) place.functionName = fn;
    return place;
  }

  /** The source as built (the map carries it), else as it is on disk now. */
  private source(fw: FirmwareMap, name: string, full: string): { text: string; tree?: ts.SourceFile } | null {
    let entry = this.sources.get(full);
    if (entry !== undefined) return entry;
    const i = fw.map.sources.indexOf(name);
    let text = i >= 0 ? fw.map.sourcesContent?.[i] ?? null : null;
    if (text === null) {
      try {
        text = readFileSync(full, 'utf8');
      } catch {
        text = null;
      }
    }
    entry = text === null ? null : { text };
    this.sources.set(full, entry);
    return entry;
  }

  private tree(source: { text: string; tree?: ts.SourceFile }, file: string): ts.SourceFile {
    source.tree ??= ts.createSourceFile(file, source.text, ts.ScriptTarget.ESNext, true, ts.ScriptKind.TS);
    return source.tree;
  }
}

/** Byte offset of Espruino's (line, column), both counted from 1, in the firmware's bytes. */
export function absoluteOffset(bytes: string, line: number, column: number): number | undefined {
  let start = 0;
  for (let l = 1; l < line; l++) {
    const nl = bytes.indexOf('\n', start);
    if (nl < 0) return undefined;
    start = nl + 1;
  }
  const offset = start + column - 1;
  return offset >= 0 && offset <= bytes.length ? offset : undefined;
}

/** Where a byte offset is in source-map terms: 1-based line, 0-based column in UTF-16 units. */
function utf16Position(bytes: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let nl = bytes.indexOf('\n'); nl >= 0 && nl < offset; nl = bytes.indexOf('\n', nl + 1)) {
    line++;
    start = nl + 1;
  }
  return { line, column: Buffer.from(bytes.slice(start, offset), 'latin1').toString('utf8').length };
}

function quoteMatches(bytes: string, offset: number, quote: { before: string; after: string }): boolean {
  return bytes.slice(offset - quote.before.length, offset) === quote.before && bytes.startsWith(quote.after, offset);
}

/** Every offset of the token the quote points at, for code in RAM (positions inside a function's text). */
function searchQuote(bytes: string, quote: { before: string; after: string }): number[] {
  const needle = quote.before + quote.after;
  const found: number[] = [];
  for (let i = bytes.indexOf(needle); i >= 0; i = bytes.indexOf(needle, i + 1)) found.push(i + quote.before.length);
  return found;
}

/** The name of the innermost named function, method or function-valued variable around a position. */
function enclosingFunctionName(sf: ts.SourceFile, line: number, column: number): string | undefined {
  let pos: number;
  try {
    pos = sf.getPositionOfLineAndCharacter(line - 1, column);
  } catch {
    return undefined;
  }
  let name: string | undefined;
  const visit = (node: ts.Node): void => {
    if (pos < node.getStart(sf) || pos >= node.end) return;
    if (ts.isFunctionLike(node)) name = functionName(node, sf);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return name;
}

function functionName(node: ts.SignatureDeclaration, sf: ts.SourceFile): string | undefined {
  const own = node.name && (ts.isIdentifier(node.name) || ts.isStringLiteral(node.name) || ts.isPrivateIdentifier(node.name)) ? node.name.text : undefined;
  const cls = node.parent && ts.isClassLike(node.parent) ? node.parent.name?.text : undefined;
  if (ts.isConstructorDeclaration(node)) return cls ? `new ${cls}` : undefined;
  if (own) return cls && !ts.isFunctionDeclaration(node) ? `${cls}.${own}` : own;
  // `const f = () => ...`, `{ f: function () {} }`, `this.f = () => ...`
  const parent = node.parent;
  if (parent && (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) && parent.name) {
    return parent.name.getText(sf);
  }
  if (parent && ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken) return parent.left.getText(sf);
  return undefined;
}
