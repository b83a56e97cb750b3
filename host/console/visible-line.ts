// What a line looks like once a terminal has drawn it. Espruino's line editor rewrites the line in place:
// to print while its prompt is shown it sends the cursor back, a CR and "ESC [J" (erase to the end), so a
// callback's output arrives as ">\r\x1b[JUncaught Error: ...". Matching and bridging use the drawn text.
// Source: Espruino src/jsinteractive.c, jsiConsoleRemoveInputLine() and jsiMoveCursor().
// Only the harmless sequences are applied (cursor left/right, erase in line/below, colours, line-wrap and
// other private modes, which draw nothing); any other escape sequence is kept as characters, so that it
// is still seen (escaped) wherever the line goes.

import { isSafeCsi } from './escape.ts';

/** Render one line (latin1 text, no LF) as a one-row terminal would show it. */
export function visibleLine(line: string): string {
  if (!/[\r\b\x1b]/.test(line)) return line;
  const cells: string[] = [];
  let x = 0;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (ch === '\r') { x = 0; continue; }
    if (ch === '\b') { x = Math.max(0, x - 1); continue; }
    if (ch === '\x1b') {
      const m = /^\x1b\[([?]?)([0-9;]*)([\x40-\x7e])/.exec(line.slice(i, i + 24));
      const harmless = m && (m[1] === '?' ? m[3] === 'h' || m[3] === 'l' : isSafeCsi(m[2]!, m[3]!));
      if (!m || !harmless) {
        // not ours to apply: keep the ESC as a character
        while (cells.length < x) cells.push(' ');
        cells[x++] = ch;
        continue;
      }
      i += m[0].length - 1;
      if (m[1] === '?') continue;
      const params = m[2]!;
      const n = Math.max(1, parseInt(params || '1', 10) || 1);
      const final = m[3];
      if (final === 'C') x += n;
      else if (final === 'D') x = Math.max(0, x - n);
      else if (final === 'J' || final === 'K') {
        // 0 (default): cursor to end; 1: start to cursor; 2: the whole line.
        if (params === '2') cells.length = 0;
        else if (params === '1') for (let k = 0; k <= x && k < cells.length; k++) cells[k] = ' ';
        else cells.length = Math.min(cells.length, x);
      }
      continue;
    }
    while (cells.length < x) cells.push(' ');
    cells[x++] = ch;
  }
  return cells.join('');
}
