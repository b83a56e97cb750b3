// The build's cost report as text: what the firmware's own code and each bundled library module take, in
// bytes and estimated JsVars, so a user sees what to cut. Shown when the build bundles modules.
import type { BuildCost, PartCost } from './budget.ts';

function origin(p: PartCost): string {
  if (!p.module) return '';
  const by = p.module.requiredBy.map((b) => (b === 'firmware' ? 'the firmware' : b)).join(', ');
  return `  ${p.module.from}: ${p.module.where}, required by ${by}`;
}

/** One line per part, aligned, then the total against the board's variables. */
export function describeCost(cost: BuildCost): string[] {
  const names = cost.parts.map((p) => (p.module ? `module ${p.name}` : 'own code'));
  const width = Math.max(...names.map((n) => n.length));
  const bytesWidth = Math.max(...cost.parts.map((p) => String(p.bytes).length));
  const lines = cost.parts.map((p, i) => `  ${names[i]!.padEnd(width)}  ${String(p.bytes).padStart(bytesWidth)} bytes  ~${p.variables} variables${origin(p)}`);
  const pct = Math.round((cost.variables / cost.boardVariables) * 100);
  lines.push(`  about ${cost.variables} of the board's ${cost.boardVariables} variables (${pct}%) for the code once loaded`);
  return lines;
}
