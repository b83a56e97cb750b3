// The one shape every benchmark reports in, so `npm run bench` can gather them into one table.
// A benchmark prints whatever it likes for people, then calls reportRows() once: that prints its rows as a
// table and one machine-readable line ("##bench <json>") that bench/run.ts collects.

export interface BenchRow {
  /** What was measured, e.g. "flash 1.4 MB @ 115200". */
  name: string;
  /** espkit's figure. */
  value: number;
  unit: string;
  /** The peer measured in the same run (esptool-js, the espruino package, mosquitto, the line-rate floor...). */
  peer?: string;
  peerValue?: number;
  /** value / peerValue, or another ratio the target is stated in. */
  ratio?: number;
  /** The target in words, e.g. "<= 1.10x floor". */
  target?: string;
  /** Whether the target was met, when there is one. */
  met?: boolean;
}

export const BENCH_MARK = '##bench ';

function fmt(n: number | undefined, digits = 3): string {
  if (n === undefined || !Number.isFinite(n)) return '-';
  const abs = Math.abs(n);
  if (abs >= 1000) return Math.round(n).toLocaleString('en-US');
  return Number(n.toPrecision(digits)).toString();
}

export function formatTable(rows: BenchRow[]): string[] {
  const table = [
    ['benchmark', 'espkit', 'peer', 'peer figure', 'ratio', 'target', 'met'],
    ...rows.map((r) => [
      r.name,
      `${fmt(r.value)} ${r.unit}`,
      r.peer ?? '-',
      r.peerValue === undefined ? '-' : `${fmt(r.peerValue)} ${r.unit}`,
      r.ratio === undefined ? '-' : `${r.ratio.toFixed(2)}x`,
      r.target ?? '-',
      r.met === undefined ? '-' : r.met ? 'yes' : 'NO',
    ]),
  ];
  const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
  return table.map((row) => row.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd());
}

export function reportRows(bench: string, rows: BenchRow[]): void {
  for (const line of formatTable(rows)) console.log(line);
  console.log(`${BENCH_MARK}${JSON.stringify({ bench, rows })}`);
}
