// The conformance table: per area, how many programs pass, are refused as declared, differ in a documented
// way, or differ (a failure).
import type { Outcome, Verdict } from './judge.ts';

const COLUMNS: Outcome[] = ['pass', 'refused', 'documented', 'different'];

export function tally(verdicts: Verdict[]): Map<string, Record<Outcome, number>> {
  const rows = new Map<string, Record<Outcome, number>>();
  for (const v of verdicts) {
    const row = rows.get(v.area) ?? { pass: 0, refused: 0, documented: 0, different: 0 };
    row[v.outcome]++;
    rows.set(v.area, row);
  }
  return new Map([...rows].sort(([a], [b]) => a.localeCompare(b)));
}

export function formatTable(verdicts: Verdict[]): string {
  const rows = tally(verdicts);
  const total: Record<Outcome, number> = { pass: 0, refused: 0, documented: 0, different: 0 };
  for (const row of rows.values()) for (const c of COLUMNS) total[c] += row[c];
  const width = Math.max(5, ...[...rows.keys()].map((k) => k.length));
  const line = (name: string, r: Record<Outcome, number>): string =>
    `${name.padEnd(width)}  ${COLUMNS.map((c) => String(r[c]).padStart(c.length)).join('  ')}`;
  const out = [`${'area'.padEnd(width)}  ${COLUMNS.join('  ')}`, ...[...rows].map(([name, r]) => line(name, r)), line('total', total)];
  const notes = verdicts.filter((v) => v.outcome === 'different' || v.outcome === 'documented');
  for (const v of notes) out.push(`${v.outcome}: ${v.program}: ${v.detail ?? ''}`);
  return out.join('\n');
}
