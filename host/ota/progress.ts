// How a rollout reads on a terminal: a bar of the devices that finished, with the counts beside it, and
// a table of where each device stands for --status.
import type { RolloutView } from './rollout.ts';
import type { DeviceOtaState } from './states.ts';

const WIDTH = 24;

export function progressLine(v: RolloutView): string {
  const c = v.counts;
  const done = c.updated + c.failed + c.rolledBack;
  const filled = c.total === 0 ? WIDTH : Math.round((done / c.total) * WIDTH);
  const bar = `[${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}]`;
  const stage = v.stage === 'canary' ? ` canary ${v.canary.length}` : v.stage === 'rest' ? '' : ` ${v.stage}`;
  return `${bar} ${v.version}${stage}: ${c.updated}/${c.total} updated, ${c.inProgress + c.waiting} in progress, ${c.failed} failed, ${c.rolledBack} rolled back, ${c.offline} offline`;
}

/** The closing lines: the outcome, then each device that failed or rolled back with its reason. */
export function summaryLines(v: RolloutView): string[] {
  const lines = [`${v.version} to ${v.target}: ${v.outcome ?? v.stage}`];
  for (const d of v.devices) if (d.phase === 'failed' || d.phase === 'rolled-back') lines.push(`  ${d.id} ${d.phase}${d.reason ? `: ${d.reason}` : ''}`);
  return lines;
}

export function statusLines(states: DeviceOtaState[], rollout: RolloutView | null): string[] {
  const lines: string[] = [];
  if (rollout) lines.push(`rollout of ${rollout.version} to ${rollout.target}: ${rollout.outcome ?? rollout.stage}`);
  if (states.length === 0) lines.push('no device has reported an OTA state yet');
  for (const s of states) {
    const detail = s.state === 'downloading' && s.have !== undefined ? ` (${s.have} bytes)` : s.reason ? `: ${s.reason}` : '';
    lines.push(`${s.device.padEnd(20)} ${s.v.padEnd(12)} ${s.state}${detail}`);
  }
  return lines;
}
