// --filter REGEX: show only the lines that match one of the patterns (JavaScript syntax; "/text/i" for flags).
// Lines are matched as a terminal draws them (see visible-line.ts), so Espruino's line-editor bytes
// never get in the way of a pattern.
import { UsageError } from '../../core/errors.ts';

export class LineFilter {
  private constructor(readonly patterns: readonly RegExp[]) {}

  /** Parse the --filter values; a bad pattern is a usage error naming it. */
  static parse(patterns: readonly string[]): LineFilter {
    return new LineFilter(patterns.map(parsePattern));
  }

  get active(): boolean {
    return this.patterns.length > 0;
  }

  /** True if the line should be shown. */
  matches(visibleText: string): boolean {
    return this.patterns.length === 0 || this.patterns.some((re) => re.test(visibleText));
  }
}

function parsePattern(source: string): RegExp {
  if (source.length === 0) throw new UsageError('--filter needs a pattern (an empty one would match every line)');
  const slashed = /^\/(.+)\/([a-z]*)$/s.exec(source);
  const [body, flags] = slashed ? [slashed[1]!, slashed[2]!] : [source, ''];
  if (/[gy]/.test(flags)) throw new UsageError(`--filter ${source}: the g and y flags make no sense for matching lines; drop them`);
  try {
    return new RegExp(body, flags);
  } catch (err) {
    throw new UsageError(`--filter ${source} is not a valid regular expression: ${(err as Error).message.replace(/^Invalid regular expression: /, '')}`);
  }
}
