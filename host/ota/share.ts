// A part of a fleet as a person gives it: "5%" of the devices, or "3" devices.
import { UsageError } from '../../core/errors.ts';

export type Share = { percent: number } | { count: number };

export function parseShare(text: string, what: string): Share {
  const m = /^(\d+(?:\.\d+)?)(%?)$/.exec(text.trim());
  if (!m) throw new UsageError(`${what} "${text}" must be a percentage like 5% or a number of devices like 3`);
  const n = Number(m[1]);
  if (m[2] === '%') {
    if (n > 100) throw new UsageError(`${what} ${text} is over 100%`);
    return { percent: n };
  }
  if (!Number.isInteger(n)) throw new UsageError(`${what} ${text} must be a whole number of devices (or a percentage)`);
  return { count: n };
}

/** How many of `total` devices the share is (a percentage is not rounded: 2% of 20 is 0.4). */
export function shareOf(share: Share, total: number): number {
  return 'percent' in share ? (share.percent / 100) * total : share.count;
}

export function describeShare(share: Share): string {
  return 'percent' in share ? `${share.percent}%` : `${share.count}`;
}
