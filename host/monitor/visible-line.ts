// What a line looks like once a terminal has drawn it. Espruino's line editor rewrites the line in place:
// to print while its prompt is shown it sends the cursor back, a CR and "ESC [J" (erase to the end), so a
// callback's output arrives as ">\r\x1b[JUncaught Error: ...". Matching and bridging use the drawn text.
// Source: Espruino src/jsinteractive.c, jsiConsoleRemoveInputLine() and jsiMoveCursor().

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
      const m = /^\x1b\[([0-9;]*)([\x40-\x7e])/.exec(line.slice(i, i + 24));
      if (!m) continue; // a lone ESC draws nothing
      i += m[0].length - 1;
      const n = Math.max(1, parseInt(m[1] || '1', 10) || 1);
      if (m[2] === 'C') x += n;
      else if (m[2] === 'D') x = Math.max(0, x - n);
      else if (m[2] === 'J' || m[2] === 'K') {
        // 0 (default): cursor to end; 1: start to cursor; 2: the whole line.
        if (m[1] === '2') cells.length = 0;
        else if (m[1] === '1') for (let k = 0; k <= x && k < cells.length; k++) cells[k] = ' ';
        else cells.length = Math.min(cells.length, x);
      }
      continue;
    }
    while (cells.length < x) cells.push(' ');
    cells[x++] = ch;
  }
  return cells.join('');
}
