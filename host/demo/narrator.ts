// The demo's narration: numbered steps with their time, progress on one line on a terminal, board lines
// indented under the step that caused them. With --json every note is one JSON line instead.

export interface Narrator {
  step(title: string): void;
  done(summary: string): void;
  note(line: string): void;
  progress(fraction: number, label: string): void;
  board(line: string): void;
  event(kind: string, data: Record<string, unknown>): void;
}

export function createNarrator(options: { json: boolean; total: number; out?: NodeJS.WriteStream }): Narrator {
  const out = options.out ?? process.stdout;
  const tty = Boolean(out.isTTY) && !options.json;
  let n = 0;
  let started = 0;
  let progressShown = false;
  const clearProgress = (): void => {
    if (progressShown) out.write('\r\x1b[K');
    progressShown = false;
  };
  const line = (text: string): void => {
    clearProgress();
    out.write(`${text}\n`);
  };
  const json = (value: Record<string, unknown>): void => {
    out.write(`${JSON.stringify({ t: new Date().toISOString(), ...value })}\n`);
  };
  return {
    step(title) {
      n += 1;
      started = performance.now();
      if (options.json) json({ step: n, of: options.total, title });
      else line(`[${n}/${options.total}] ${title}`);
    },
    done(summary) {
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      if (options.json) json({ step: n, done: summary, seconds: Number(seconds) });
      else line(`      ok: ${summary} (${seconds} s)`);
    },
    note(text) {
      if (options.json) json({ step: n, note: text });
      else line(`      ${text}`);
    },
    progress(fraction, label) {
      if (!tty) return;
      const width = 30;
      const filled = Math.round(Math.max(0, Math.min(1, fraction)) * width);
      out.write(`\r\x1b[K      [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${Math.floor(fraction * 100)}% ${label}`);
      progressShown = true;
    },
    board(text) {
      if (options.json) json({ board: text });
      else line(`      board | ${text}`);
    },
    event(kind, data) {
      if (options.json) json({ event: kind, ...data });
    },
  };
}
