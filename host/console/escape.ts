// Turning bytes from the board into text that cannot garble a terminal or a log.
// Printable ASCII and well-formed UTF-8 pass; every other byte becomes \xNN. On a terminal, the few
// escape sequences the board legitimately sends pass through: SGR colours (ESP-IDF's coloured log
// lines) and the cursor/erase sequences and backspace of Espruino's line editor. Anything else
// (cursor addressing, screen clears, OSC titles, C1 controls) is shown escaped. Off a terminal the
// harmless sequences are dropped, since they only format.
// Sources: ECMA-48 (CSI = ESC '[' parameters final-byte), RFC 3629 (UTF-8 well-formedness).

export interface EscapeOptions {
  /** The output is a terminal: keep colours, cursor moves within the line, erases and backspace. */
  terminal: boolean;
}

/**
 * CSI sequences we let through to a terminal, by final byte: the parameters each may carry. Cursor
 * up/down/right/left by n, erase below the cursor (not the whole screen), erase in line, SGR colours.
 */
const SAFE_CSI: Record<string, RegExp> = {
  A: /^\d*$/, B: /^\d*$/, C: /^\d*$/, D: /^\d*$/,
  J: /^0?$/,
  K: /^[012]?$/,
  m: /^[0-9;]*$/,
};
/** Longest CSI we wait for across chunks before giving up on it. */
const MAX_CSI = 24;

const hex2 = (b: number): string => `\\x${b.toString(16).padStart(2, '0')}`;

const NAMED: Record<number, string> = { 0x00: '\\0', 0x07: '\\a', 0x08: '\\b', 0x0b: '\\v', 0x0c: '\\f', 0x0d: '\\r', 0x1b: '\\e' };

function escapeControl(b: number): string {
  return NAMED[b] ?? hex2(b);
}

/** Length of the UTF-8 sequence a lead byte announces, or 0 if it cannot start one. */
function utf8Length(lead: number): number {
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

/** Whether bytes[i..i+n) is a well-formed UTF-8 sequence (no overlongs, no surrogates, <= U+10FFFF). */
function wellFormed(bytes: Uint8Array, i: number, n: number): boolean {
  const b0 = bytes[i]!;
  const b1 = bytes[i + 1]!;
  // Second-byte ranges from RFC 3629's syntax: they rule out overlongs and surrogates.
  const lo = b0 === 0xe0 ? 0xa0 : b0 === 0xf0 ? 0x90 : 0x80;
  const hi = b0 === 0xed ? 0x9f : b0 === 0xf4 ? 0x8f : 0xbf;
  if (b1 < lo || b1 > hi) return false;
  for (let k = 2; k < n; k++) {
    const b = bytes[i + k]!;
    if (b < 0x80 || b > 0xbf) return false;
  }
  return true;
}

type Scan =
  | { kind: 'text'; text: string; length: number }
  | { kind: 'incomplete' };

/** Whether a CSI sequence (ESC [ params final) is one we let through to a terminal (see SAFE_CSI). */
export function isSafeCsi(params: string, final: string): boolean {
  return SAFE_CSI[final]?.test(params) ?? false;
}

/**
 * Private mode switches (ESC [ ? n h / l): Espruino's banner starts with ESC [?7l (no line wrap). They
 * draw nothing, and passing them on would change the user's terminal for good: they are dropped.
 */
const PRIVATE_MODE = /^\?[0-9;]*$/;

/** Look at a CSI sequence starting at i (bytes[i] = ESC, bytes[i+1] = '['). */
function scanCsi(bytes: Uint8Array, i: number, options: EscapeOptions, atEnd: boolean): Scan | undefined {
  let j = i + 2;
  while (j < bytes.length && j - i < MAX_CSI) {
    const b = bytes[j]!;
    if (b >= 0x30 && b <= 0x3f) { j++; continue; } // parameter bytes
    if (b >= 0x40 && b <= 0x7e) {
      const final = String.fromCharCode(b);
      const params = Buffer.from(bytes.subarray(i + 2, j)).toString('latin1');
      const length = j - i + 1;
      if ((final === 'h' || final === 'l') && PRIVATE_MODE.test(params)) return { kind: 'text', text: '', length };
      if (!isSafeCsi(params, final)) return undefined;
      return { kind: 'text', text: options.terminal ? `\x1b[${params}${final}` : '', length };
    }
    return undefined;
  }
  if (j >= bytes.length && j - i < MAX_CSI && !atEnd) return { kind: 'incomplete' };
  return undefined;
}

/**
 * Escape a run of bytes. With `atEnd` false, an incomplete UTF-8 or CSI sequence at the end is not
 * escaped but reported back (`held`) so the caller can prepend it to the next chunk.
 */
export function escapeBytes(bytes: Uint8Array, options: EscapeOptions, atEnd = true): { text: string; held: number } {
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b >= 0x20 && b < 0x7f) {
      // A run of printable ASCII at once.
      let j = i + 1;
      while (j < bytes.length && bytes[j]! >= 0x20 && bytes[j]! < 0x7f) j++;
      out += Buffer.from(bytes.subarray(i, j)).toString('latin1');
      i = j;
      continue;
    }
    if (b === 0x09 || b === 0x0a) { out += String.fromCharCode(b); i++; continue; }
    if (options.terminal && (b === 0x08 || b === 0x0d)) { out += String.fromCharCode(b); i++; continue; }
    if (b === 0x1b) {
      if (i + 1 >= bytes.length && !atEnd) return { text: out, held: bytes.length - i };
      if (bytes[i + 1] === 0x5b) {
        const csi = scanCsi(bytes, i, options, atEnd);
        if (csi?.kind === 'incomplete') return { text: out, held: bytes.length - i };
        if (csi) { out += csi.text; i += csi.length; continue; }
      }
      out += escapeControl(b);
      i++;
      continue;
    }
    if (b < 0x20 || b === 0x7f) { out += escapeControl(b); i++; continue; }
    const n = utf8Length(b);
    if (n > 0) {
      if (i + n > bytes.length) {
        // Incomplete at the end: hold it if what is there so far could still become valid.
        const partialOk = i + 1 >= bytes.length || wellFormed(Uint8Array.from([...bytes.subarray(i), 0x80, 0x80, 0x80]), 0, n);
        if (!atEnd && partialOk) return { text: out, held: bytes.length - i };
      } else if (wellFormed(bytes, i, n)) {
        const ch = Buffer.from(bytes.subarray(i, i + n)).toString('utf8');
        const cp = ch.codePointAt(0)!;
        // C1 controls (U+0080-U+009F) are terminal commands in disguise; show their code point.
        out += cp >= 0x80 && cp <= 0x9f ? `\\u${cp.toString(16).padStart(4, '0')}` : ch;
        i += n;
        continue;
      }
    }
    out += hex2(b);
    i++;
  }
  return { text: out, held: 0 };
}

/** A streaming escaper: keeps a sequence split across chunks whole. */
export class ByteEscaper {
  private held: Buffer = Buffer.alloc(0);

  constructor(private readonly options: EscapeOptions) {}

  /** Escape a chunk; an incomplete trailing sequence waits for the next chunk. */
  push(chunk: Uint8Array): string {
    const bytes = this.held.length > 0 ? Buffer.concat([this.held, chunk]) : chunk;
    const { text, held } = escapeBytes(bytes, this.options, false);
    this.held = Buffer.from(bytes.subarray(bytes.length - held));
    return text;
  }

  /** Escape whatever is still held (the stream ended or paused for good). */
  flush(): string {
    if (this.held.length === 0) return '';
    const { text } = escapeBytes(this.held, this.options, true);
    this.held = Buffer.alloc(0);
    return text;
  }
}

/** One complete line, escaped. */
export function escapeLine(line: Uint8Array, options: EscapeOptions): string {
  return escapeBytes(line, options, true).text;
}
