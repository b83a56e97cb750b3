// Progress for people: on a terminal one line per region redrawn in place (bar, bytes/s, ETA); elsewhere
// (a log, CI) plain lines at each quarter so a log stays short. Written to stderr: stdout carries the
// summary or the --json document.
import type { RegionProgress } from './write.ts';

export interface ProgressSink {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / (1024 * 1024)).toFixed(2)} MB`;
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '--:--';
  const s = Math.round(seconds);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/**
 * A rate is bytes over the real elapsed time of the same stretch (Date.now() at its start and at this event),
 * and only once that time is at least MIN_RATE_MS: over a few milliseconds one block's latency and the
 * timer's granularity decide the figure (a 4 KB region done in 40 ms read "0.0 s, 2.1 KB/s"). Below the floor
 * no rate is shown.
 */
export const MIN_RATE_MS = 250;

export function rateOver(bytes: number, ms: number): number | undefined {
  return ms >= MIN_RATE_MS ? (bytes * 1000) / ms : undefined;
}

const formatRate = (bytesPerSecond: number | undefined): string => (bytesPerSecond === undefined ? '-- KB/s' : `${formatBytes(bytesPerSecond)}/s`);

/** An elapsed time: milliseconds below a second (never "0.0 s"), else seconds with one decimal. */
export function formatElapsed(ms: number): string {
  return ms < 1000 ? `${Math.max(1, Math.round(ms))} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** What one progress event looks like as text (shared by both modes). */
export function describe(p: RegionProgress, bar?: number): string {
  const head = `[${p.index + 1}/${p.count}] ${p.name} @ 0x${p.address.toString(16)}`;
  switch (p.phase) {
    case 'compare': return `${head}: comparing MD5`;
    case 'skip': return `${head}: already on the board, skipped`;
    case 'verify': return `${head}: verifying MD5`;
    case 'retry': return `${head}: ${p.reason ?? 'failed'}; writing it again`;
    case 'done': {
      // The region's bytes and its compressed bytes on the wire, over the same time (write and verify).
      const image = rateOver(p.size, p.elapsedMs);
      const wire = rateOver(p.sent, p.elapsedMs);
      const rates = image === undefined || wire === undefined ? '' : `: ${formatRate(image)}, ${formatRate(wire)} on the wire`;
      return `${head}: written and verified (${formatBytes(p.size)}, ${formatBytes(p.sent)} compressed, in ${formatElapsed(p.elapsedMs)}${rates})`;
    }
    case 'write': {
      // Bytes and speed as the flash sees them (uncompressed); the time left from the wire (compressed).
      const fraction = p.total > 0 ? p.sent / p.total : 0;
      const wire = rateOver(p.sent, p.elapsedMs);
      const speed = rateOver(p.written, p.elapsedMs);
      const eta = wire ? (p.total - p.sent) / wire : NaN;
      const pct = `${Math.floor(fraction * 100)}%`.padStart(4);
      const meter = bar ? ` [${'#'.repeat(Math.round(fraction * bar)).padEnd(bar, '.')}]` : '';
      // The figures first: on a narrow terminal the line is cut from the end, so the name goes last.
      return `[${p.index + 1}/${p.count}]${meter} ${pct} ${formatBytes(p.written)}/${formatBytes(p.size)} ${formatRate(speed)} ETA ${formatDuration(eta)}  ${p.name} @ 0x${p.address.toString(16)}`;
    }
  }
}

/** A progress callback for `writeRegions`; call `end()` after the job (also after a failure). */
export function progressPrinter(out: ProgressSink): { update: (p: RegionProgress) => void; end: () => void } {
  let open = false; // a redrawn line is on screen
  let lastQuarter = -1;
  let lastKey = '';
  if (out.isTTY) {
    let lastDraw = 0;
    return {
      update: (p) => {
        const now = Date.now();
        if (p.phase === 'write' && p.sent > 0 && p.sent < p.total && now - lastDraw < 100) return;
        lastDraw = now;
        const width = Math.max(40, (out.columns || 80) - 1);
        const text = describe(p, 20).slice(0, width);
        out.write(`\r\x1b[2K${text}`);
        open = true;
        if (p.phase === 'done' || p.phase === 'skip' || p.phase === 'retry') {
          out.write('\n');
          open = false;
        }
      },
      end: () => {
        if (open) out.write('\n');
        open = false;
      },
    };
  }
  return {
    update: (p) => {
      const key = `${p.index}:${p.phase}:${p.attempt}`;
      if (p.phase === 'write') {
        const quarter = p.total > 0 ? Math.floor((p.sent / p.total) * 4) : 0;
        if (key === lastKey && quarter === lastQuarter) return;
        if (quarter >= 4) return; // 'done' follows
        lastQuarter = quarter;
      }
      lastKey = key;
      out.write(`${describe(p)}\n`);
    },
    end: () => {},
  };
}

/** A plain progress line printer for reads and erases (backup): bytes, rate, ETA. */
export function transferPrinter(out: ProgressSink, label: string): { update: (done: number, total: number, elapsedMs: number) => void; end: () => void } {
  let lastQuarter = -1;
  let lastDraw = 0;
  let open = false;
  return {
    update: (done, total, elapsedMs) => {
      const speed = rateOver(done, elapsedMs);
      const eta = speed ? (total - done) / speed : NaN;
      const pct = total > 0 ? Math.floor((done / total) * 100) : 100;
      const text = `${label} ${String(pct).padStart(3)}% ${formatBytes(done)}/${formatBytes(total)} ${formatRate(speed)} ETA ${formatDuration(eta)}`;
      if (out.isTTY) {
        const now = Date.now();
        if (done < total && now - lastDraw < 100) return;
        lastDraw = now;
        out.write(`\r\x1b[2K${text}`);
        open = true;
        return;
      }
      const quarter = Math.floor(pct / 25);
      if (quarter === lastQuarter) return;
      lastQuarter = quarter;
      out.write(`${text}\n`);
    },
    end: () => {
      if (open) out.write('\n');
      open = false;
    },
  };
}
