// The option value parsers every command shares, one per kind of value: whole numbers in a range, TCP ports,
// seconds. Each throws commander's InvalidArgumentError, which commander prints as one line naming the option
// and exits with the usage code (2), so a bad value is refused before any work starts.
import { InvalidArgumentError } from 'commander';

export type OptionParser<T> = (value: string) => T;

export interface WholeNumberRange {
  min?: number;
  max?: number;
  /** Named after "a whole number of": "bytes", "lines", "seconds". */
  unit?: string;
}

/** How a range reads in an error: "from 1 to 9", "at least 1", or nothing when any whole number goes. */
function rangeText(min: number, max: number): string {
  if (max < Number.MAX_SAFE_INTEGER) return ` from ${min} to ${max}`;
  return min > 0 ? `, at least ${min}` : '';
}

/**
 * A parser for a whole number (decimal digits only: no sign, point, exponent or spaces) within the range;
 * `what` starts the error ("the queue size" -> "the queue size is a whole number of lines, at least 1").
 */
export function wholeNumber(what: string, range: WholeNumberRange = {}): OptionParser<number> {
  const min = range.min ?? 0;
  const max = range.max ?? Number.MAX_SAFE_INTEGER;
  const expected = `${what} is a whole number${range.unit ? ` of ${range.unit}` : ''}${rangeText(min, max)}`;
  return (value) => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < min || n > max) throw new InvalidArgumentError(expected);
    return n;
  };
}

/** A count of one or more (boards, lines, bytes). */
export function positiveWholeNumber(what: string, unit?: string): OptionParser<number> {
  return wholeNumber(what, { min: 1, unit });
}

/** A TCP port to listen on or connect to; 0 asks the system for a free one. */
export const tcpPort: OptionParser<number> = wholeNumber('a TCP port', { min: 0, max: 65535 });

/** Seconds as a decimal number, 0 or more ("2.5" is two and a half seconds). */
export function seconds(what: string): OptionParser<number> {
  return (value) => {
    const n = Number(value);
    if (!/^\d+(\.\d+)?$/.test(value.trim()) || !Number.isFinite(n)) throw new InvalidArgumentError(`${what} is a number of seconds (0 or more)`);
    return n;
  };
}
