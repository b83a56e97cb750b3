// The firmware's source map: from a position in dist/firmware.js back to firmware/src/*.ts.
//
// The compiler has two kinds of stage. Some come with a source map of their own (esbuild's bundle and
// minify, the TypeScript emitter that prints the lowered code). The others edit text (helpers put in front,
// function declarations moved first, identifiers Espruino reserves renamed): they report which pieces of
// their output were copied from where in their input, which maps those pieces exactly and leaves inserted
// text (helpers, separators) unmapped.
//
// A SourceTrail records every stage's output and how it came from the stage before. The final map is made
// by taking the start of every token of the emitted code and following it back, stage by stage, to the
// TypeScript source. Token starts are what Espruino reports in an error (the start of the last token it
// read), and a stage's own map resolves to its nearest mapped position at or before the one asked for.
import ts from 'typescript';
import { TraceMap, originalPositionFor, type EncodedSourceMap as ReadMap } from '@jridgewell/trace-mapping';
import { GenMapping, maybeAddMapping, setSourceContent, toEncodedMap } from '@jridgewell/gen-mapping';

/** A source map (version 3) as JSON. */
export interface SourceMapJson {
  version: 3;
  file?: string | null;
  sourceRoot?: string;
  sources: (string | null)[];
  sourcesContent?: (string | null)[];
  names: string[];
  mappings: string;
}

/** out[outStart, outStart + length) was copied from in[inStart, inStart + length). */
export interface Piece {
  outStart: number;
  inStart: number;
  length: number;
}

/** A text edit: in[start, end) replaced by text. */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

/** Where an emitted position came from in the TypeScript sources. Lines 1-based, columns 0-based. */
export interface SourcePosition {
  source: string;
  line: number;
  column: number;
  name?: string;
}

/** Offsets <-> (1-based line, 0-based column in UTF-16 units, as source maps count). */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  position(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo]! };
  }

  offset(line: number, column: number): number | undefined {
    const start = this.starts[line - 1];
    return start === undefined ? undefined : start + column;
  }
}

/** The input offset an output offset was copied from, or undefined for inserted text. */
export function pieceInput(pieces: readonly Piece[], offset: number): number | undefined {
  let lo = 0;
  let hi = pieces.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const p = pieces[mid]!;
    if (offset < p.outStart) hi = mid - 1;
    else if (offset >= p.outStart + p.length) lo = mid + 1;
    else return p.inStart + (offset - p.outStart);
  }
  return undefined;
}

/** `text` with `edits` (non-overlapping) made, in start order; edits at the same start keep their order. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const e of sorted) {
    out += text.slice(at, e.start) + e.text;
    at = e.end;
  }
  return out + text.slice(at);
}

/** The pieces of `input` that survive a set of non-overlapping replacements. */
export function piecesOfEdits(inputLength: number, edits: readonly TextEdit[]): Piece[] {
  const sorted = [...edits].sort((a, b) => a.start - b.start);
  const pieces: Piece[] = [];
  let inAt = 0;
  let outAt = 0;
  for (const e of sorted) {
    if (e.start > inAt) pieces.push({ outStart: outAt, inStart: inAt, length: e.start - inAt });
    outAt += e.start - inAt;
    // a replaced identifier keeps pointing at the one it replaced (same start)
    if (e.text.length > 0 && e.end > e.start) pieces.push({ outStart: outAt, inStart: e.start, length: Math.min(e.text.length, e.end - e.start) });
    outAt += e.text.length;
    inAt = e.end;
  }
  if (inputLength > inAt) pieces.push({ outStart: outAt, inStart: inAt, length: inputLength - inAt });
  return pieces;
}

/** Pieces a -> c from pieces a -> b (`first`) and b -> c (`second`). */
export function composePieces(first: readonly Piece[], second: readonly Piece[]): Piece[] {
  const byInput = [...first].sort((a, b) => a.outStart - b.outStart);
  const out: Piece[] = [];
  for (const p of second) {
    // the parts of p's input range [p.inStart, p.inStart + p.length) that `first` copied from somewhere
    const from = p.inStart;
    const to = p.inStart + p.length;
    let lo = 0;
    let hi = byInput.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (byInput[mid]!.outStart + byInput[mid]!.length <= from) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < byInput.length && byInput[i]!.outStart < to; i++) {
      const q = byInput[i]!;
      const s = Math.max(from, q.outStart);
      const e = Math.min(to, q.outStart + q.length);
      if (e > s) out.push({ outStart: p.outStart + (s - from), inStart: q.inStart + (s - q.outStart), length: e - s });
    }
  }
  return out.sort((a, b) => a.outStart - b.outStart);
}

/** Identity over the first `length` characters: the output is a prefix of the input, or the reverse. */
export function prefixPieces(length: number): Piece[] {
  return length > 0 ? [{ outStart: 0, inStart: 0, length }] : [];
}

type Stage =
  | { kind: 'map'; output: LineIndex; map: TraceMap }
  | { kind: 'pieces'; output: LineIndex; pieces: readonly Piece[] };

/** The compiler's stages, first (the bundle, whose map points at the TypeScript sources) to last. */
export class SourceTrail {
  private readonly bundle: TraceMap;
  private readonly texts: LineIndex[];
  private readonly stages: Stage[] = [];

  constructor(bundledCode: string, bundleMap: SourceMapJson | string) {
    this.bundle = new TraceMap(bundleMap as ReadMap | string);
    this.texts = [new LineIndex(bundledCode)];
  }

  /** The text the last stage produced. */
  get current(): string {
    return this.texts[this.texts.length - 1]!.text;
  }

  /** A stage that came with a source map from the previous output to `output`. */
  mapped(output: string, map: SourceMapJson | string): void {
    const index = new LineIndex(output);
    this.stages.push({ kind: 'map', output: index, map: new TraceMap(map as ReadMap | string) });
    this.texts.push(index);
  }

  /** A text stage: `pieces` of `output` were copied from the previous output. */
  edited(output: string, pieces: readonly Piece[]): void {
    const index = new LineIndex(output);
    this.stages.push({ kind: 'pieces', output: index, pieces });
    this.texts.push(index);
  }

  /** Where an offset of the last output came from, or undefined if it was made by the compiler. */
  trace(offset: number): SourcePosition | undefined {
    let at: number | undefined = offset;
    for (let i = this.stages.length - 1; i >= 0 && at !== undefined; i--) {
      const stage = this.stages[i]!;
      if (stage.kind === 'pieces') {
        at = pieceInput(stage.pieces, at);
        continue;
      }
      const { line, column } = stage.output.position(at);
      const found = originalPositionFor(stage.map, { line, column });
      at = found.line === null ? undefined : this.texts[i]!.offset(found.line, found.column);
    }
    if (at === undefined) return undefined;
    const { line, column } = this.texts[0]!.position(at);
    const found = originalPositionFor(this.bundle, { line, column });
    if (found.source === null) return undefined;
    return { source: found.source, line: found.line, column: found.column, ...(found.name ? { name: found.name } : {}) };
  }

  /**
   * The map of `code` (the last stage's output, or a prefix of it: the build trims the end) to the sources.
   * `sources` maps a source name in the bundle's map to the name to write (relative to the map's folder).
   */
  toSourceMap(code: string, file: string, sources: (source: string) => string = (s) => s): SourceMapJson {
    const last = this.current;
    if (!last.startsWith(code.trimEnd())) throw new Error('the source map was asked for code the compiler did not produce');
    const gen = new GenMapping({ file });
    const lines = new LineIndex(code);
    const contents = new Map<string, string | null>();
    for (const offset of tokenStarts(code)) {
      const from = this.trace(offset);
      if (!from) continue;
      const source = sources(from.source);
      if (!contents.has(source)) {
        const content = this.bundleContent(from.source);
        contents.set(source, content);
        setSourceContent(gen, source, content);
      }
      const generated = lines.position(offset);
      const original = { line: from.line, column: from.column };
      if (from.name) maybeAddMapping(gen, { generated, source, original, name: from.name });
      else maybeAddMapping(gen, { generated, source, original });
    }
    return toEncodedMap(gen) as SourceMapJson;
  }

  private bundleContent(source: string): string | null {
    const i = this.bundle.sources.indexOf(source);
    return i >= 0 ? this.bundle.sourcesContent?.[i] ?? null : null;
  }
}

/**
 * The start offset of every token of a text, in order: parsed (not scanned), so regexes and templates are
 * read right. JavaScript by default; a TypeScript file name (.ts/.tsx) parses it as TypeScript.
 */
export function tokenStarts(code: string, fileName = 'out.js'): number[] {
  const kind = fileName.endsWith('.tsx') ? ts.ScriptKind.TSX : fileName.endsWith('.ts') ? ts.ScriptKind.TS : ts.ScriptKind.JS;
  const sf = ts.createSourceFile(fileName, code, ts.ScriptTarget.ESNext, true, kind);
  const starts: number[] = [];
  const walk = (node: ts.Node): void => {
    const children = node.getChildren(sf);
    if (children.length === 0) {
      if (node.kind !== ts.SyntaxKind.EndOfFileToken) starts.push(node.getStart(sf));
      return;
    }
    for (const child of children) walk(child);
  };
  walk(sf);
  return starts;
}
