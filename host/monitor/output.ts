// What the monitor prints. In text mode, bytes become lines: escaped, optionally timestamped, coloured by
// level, filtered, followed by notes (reset reasons, panics). A line still in progress (Espruino's ">"
// prompt, the echo of what you type) is shown once the board pauses briefly, so typing feels live; the
// rest of it follows when it completes. --raw passes bytes untouched; --hex dumps them.
import { escapeBytes, escapeLine } from '../console/escape.ts';
import { LineSplitter } from '../console/line-splitter.ts';
import { LineDecoder, type DecodedLine, type LineLevel } from './line-decoder.ts';
import { LineFilter } from './line-filter.ts';
import { hasOwnColour, paint } from './colours.ts';
import { HexDumper } from './hex-dump.ts';
import { visibleLine } from '../console/visible-line.ts';
import type { TraceRewriter } from '../espruino/trace.ts';

export type OutputMode = 'text' | 'raw' | 'hex';

export interface TextSink {
  write(chunk: string | Uint8Array): unknown;
}

export interface OutputOptions {
  out: TextSink;
  mode?: OutputMode;
  /** The output is a terminal: colour/cursor sequences from the board may pass (see escape.ts). */
  terminal?: boolean;
  colour?: boolean;
  timestamps?: boolean;
  filter?: LineFilter;
  /** One JSON object per line instead of text (for scripts). */
  json?: boolean;
  /** How long the board must pause before a line in progress is shown, in ms. Default 40. */
  partialDelayMs?: number;
  clock?: () => Date;
  /** Espruino's error traces shown in TypeScript terms (host/espruino/trace.ts); text mode only. */
  traces?: TraceRewriter;
}

/** A trace frame still incomplete after this long is shown as it came. */
const TRACE_HOLD_MS = 300;

export type NoteLevel = 'note' | 'error';

/** HH:MM:SS.mmm in local time. */
export function formatTime(d: Date): string {
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
}

export class MonitorOutput {
  readonly mode: OutputMode;
  timestamps: boolean;
  /** Ctrl-T Y: nothing from the board is shown while paused (notes still are). */
  paused = false;
  private readonly splitter = new LineSplitter();
  private readonly decoder = new LineDecoder();
  private readonly hex = new HexDumper();
  private readonly filter: LineFilter;
  private readonly terminal: boolean;
  private readonly colour: boolean;
  private readonly clock: () => Date;
  private readonly delay: number;
  /** Bytes of the line in progress already on screen (on a terminal, bytes are shown as they came). */
  private shown = 0;
  /** Off a terminal, lines are shown as drawn (visible-line.ts): the drawn text already shown. */
  private shownText = '';
  /** Part of the line in progress is on screen. */
  private started = false;
  /** The cursor is not at the start of a line (part of a line is on screen). */
  private open = false;
  private timer: NodeJS.Timeout | undefined;
  private traceTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: OutputOptions) {
    this.mode = options.mode ?? 'text';
    this.terminal = options.terminal ?? false;
    this.colour = options.colour ?? false;
    this.timestamps = options.timestamps ?? false;
    this.filter = options.filter ?? LineFilter.parse([]);
    this.clock = options.clock ?? (() => new Date());
    this.delay = options.partialDelayMs ?? 40;
  }

  /** Bytes from the board. */
  data(chunk: Buffer): void {
    if (this.mode === 'raw') {
      if (!this.paused) this.options.out.write(chunk);
      return;
    }
    if (this.mode === 'hex') {
      for (const row of this.hex.push(chunk)) this.emitRaw(row);
      this.schedulePartial();
      return;
    }
    for (const line of this.splitter.push(chunk)) this.line(line);
    this.schedulePartial();
  }

  /** A message of the monitor's own ("--- board gone ..."), on a line of its own. */
  note(message: string, level: NoteLevel = 'note'): void {
    if (this.options.json) {
      this.writeJson({ time: this.clock().toISOString(), event: level === 'error' ? 'error' : 'note', message });
      return;
    }
    this.breakLine();
    const text = message.split('\n').map((m) => (m.startsWith('---') ? m : `--- ${m}`)).join('\n');
    this.options.out.write(`${this.colour ? paint(level === 'error' ? 'error' : 'note', text) : text}\n`);
  }

  /** Show whatever is still held (the board went away or we are quitting). */
  end(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.mode === 'hex') {
      const row = this.hex.flush();
      if (row) this.emitRaw(row);
    } else if (this.mode === 'text') {
      this.releaseTrace();
      const rest = this.splitter.flush();
      if (rest) this.line(rest);
    }
    this.breakLine();
  }

  private line(bytes: Buffer): void {
    const traces = this.options.traces;
    if (!traces) return this.showLine(bytes);
    clearTimeout(this.traceTimer);
    for (const text of traces.push(bytes.toString('latin1'))) this.showLine(Buffer.from(text, 'latin1'));
    if (traces.holding) {
      this.traceTimer = setTimeout(() => this.releaseTrace(), TRACE_HOLD_MS);
      this.traceTimer.unref();
    }
  }

  /** Show the lines of an incomplete trace frame as they came. */
  private releaseTrace(): void {
    clearTimeout(this.traceTimer);
    this.traceTimer = undefined;
    for (const text of this.options.traces?.flush() ?? []) this.showLine(Buffer.from(text, 'latin1'));
  }

  private showLine(bytes: Buffer): void {
    const text = bytes.toString('latin1');
    const decoded = this.decoder.decode(text);
    const visible = visibleLine(text);
    const started = this.started;
    if (this.paused || !this.filter.matches(visible)) {
      this.forgetLine();
      if (started) this.breakLine();
      return;
    }
    if (this.options.json) {
      this.forgetLine();
      this.writeJson({ time: this.clock().toISOString(), line: escapeLine(Buffer.from(visible, 'latin1'), { terminal: false }), level: decoded.level, notes: decoded.notes });
      return;
    }
    const { lead, body } = this.render(bytes, bytes.length, true);
    this.forgetLine();
    this.options.out.write(`${lead}${this.paintLine(body, decoded)}\n`);
    this.open = false;
    for (const note of decoded.notes) {
      const line = `--- ${note}`;
      this.options.out.write(`${this.colour ? paint(decoded.level === 'error' ? 'error' : 'note', line) : line}\n`);
    }
  }

  /**
   * The not yet shown part of the line in progress, bytes [0, end). On a terminal that is the bytes after
   * those shown, escaped; elsewhere it is the drawn text after what was shown, or, if the line was redrawn
   * from its start (Espruino printing over its prompt), the drawn line again on a line of its own.
   */
  private render(raw: Buffer, end: number, atEnd: boolean): { lead: string; body: string } {
    let lead = this.started ? '' : this.stamp();
    this.started = true;
    if (this.terminal) {
      const { text, held } = escapeBytes(raw.subarray(this.shown, end), { terminal: true }, atEnd);
      this.shown = end - held;
      // Espruino prints over its prompt with CR and "ESC [J", which would erase the stamp on screen: the line
      // drawn from the start again gets a stamp of its own.
      return { lead, body: this.timestamps ? text.replace(/\r(?!\n|$)/g, () => `\r${this.stamp()}`) : text };
    }
    const drawn = visibleLine(raw.subarray(0, end).toString('latin1'));
    let piece: string;
    if (drawn.startsWith(this.shownText)) {
      piece = drawn.slice(this.shownText.length);
    } else {
      lead = `\n${this.stamp()}`;
      this.shownText = '';
      piece = drawn;
    }
    const { text, held } = escapeBytes(Buffer.from(piece, 'latin1'), { terminal: false }, atEnd);
    this.shownText += piece.slice(0, piece.length - held);
    return { lead, body: text };
  }

  private forgetLine(): void {
    this.shown = 0;
    this.shownText = '';
    this.started = false;
  }

  private paintLine(body: string, decoded: DecodedLine): string {
    if (!this.colour || decoded.level === 'plain' || hasOwnColour(body)) return body;
    const style: LineLevel | 'uncaught' = decoded.uncaught ? 'uncaught' : decoded.level;
    return paint(style, body);
  }

  private stamp(): string {
    return this.timestamps ? `${formatTime(this.clock())} ` : '';
  }

  /** After a short pause from the board, show the line in progress (not with a filter: it needs whole lines). */
  private schedulePartial(): void {
    if (this.options.json || this.paused) return;
    if (this.mode === 'text' && (this.filter.active || this.splitter.pendingLength === 0 || this.options.traces?.holding)) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.showPartial(), this.delay);
    this.timer.unref();
  }

  private showPartial(): void {
    this.timer = undefined;
    if (this.mode === 'hex') {
      const row = this.hex.flush();
      if (row) this.emitRaw(row);
      return;
    }
    const pending = this.splitter.pending();
    // A trailing CR is the first half of a CRLF: keep it back so it is not drawn (or shown as \r).
    const end = pending.length > 0 && pending[pending.length - 1] === 0x0d ? pending.length - 1 : pending.length;
    if (end === 0 || (this.terminal && end <= this.shown)) return;
    const { lead, body } = this.render(pending, end, false);
    if (lead.length === 0 && body.length === 0) return;
    this.options.out.write(lead + body);
    this.open = true;
  }

  private emitRaw(row: string): void {
    if (this.paused) return;
    this.options.out.write(`${this.stamp()}${row}\n`);
  }

  private breakLine(): void {
    if (this.open) this.options.out.write('\n');
    this.open = false;
  }

  private writeJson(value: Record<string, unknown>): void {
    this.options.out.write(`${JSON.stringify(value)}\n`);
  }
}
