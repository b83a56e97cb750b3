// Errors meant for people: one line saying what went wrong and what to do, plus the exit code.
// Commands throw these; the CLI prints `error: <message>` and exits with `code`.

/** Exit codes: 0 success, 1 failure, 2 usage. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

export class EspkitError extends Error {
  readonly code: number;
  constructor(message: string, options: { code?: number; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'EspkitError';
    this.code = options.code ?? EXIT_FAILURE;
  }
}

/** A usage mistake (bad option value, bad argument): exit code 2. */
export class UsageError extends EspkitError {
  constructor(message: string) {
    super(message, { code: EXIT_USAGE });
    this.name = 'UsageError';
  }
}

/** The first line of any thrown value, for printing. */
export function oneLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split('\n')[0]!.trim();
}
