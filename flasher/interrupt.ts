// Ctrl-C (or SIGTERM, SIGHUP) during a job that holds the board in its ROM loader: as esptool does on the way
// out, the board is hard-reset into its application before espkit exits, and a line says so. Without this an
// interrupted flash or backup left the board silent in the loader until someone pressed EN.
import type { Link } from '../core/link.ts';
import { EspkitError } from '../core/errors.ts';
import { untilStopped } from '../core/stop-signals.ts';
import { HardReset } from './reset.ts';
import type { AfterMode } from './session.ts';

/** The exit code of a command stopped by a signal (128 + SIGINT), as shells report it. */
export const EXIT_INTERRUPTED = 130;

/** How long the reset may take before espkit gives up on it and exits anyway. */
const RESET_DEADLINE_MS = 10_000;

export class InterruptedError extends EspkitError {
  constructor(message: string) {
    super(message, { code: EXIT_INTERRUPTED });
    this.name = 'InterruptedError';
  }
}

/**
 * Run `work` (a job on `link`); on the first signal, leave the loader as `after` says and fail with an
 * InterruptedError whose message tells what became of the board. The job itself is abandoned: the link is
 * the caller's to close, and closing it ends whatever the job was waiting for.
 */
export async function resetOnInterrupt<T>(link: Link, after: AfterMode, work: Promise<T>): Promise<T> {
  let stopping = false;
  let fail: (err: InterruptedError) => void = () => {};
  const interrupted = new Promise<never>((_, reject) => { fail = reject; });
  interrupted.catch(() => {}); // awaited below only once a signal came
  const stop = (): void => {
    if (stopping) return; // a second Ctrl-C while resetting changes nothing
    stopping = true;
    void leaveLoader(link, after).then((message) => fail(new InterruptedError(message)));
  };
  // After a signal the job's own end (its loader reset under it) is not the story: the interrupt is.
  const settled = work.then(
    (value) => (stopping ? interrupted : value),
    (err: unknown) => (stopping ? interrupted : Promise.reject(err)),
  );
  return untilStopped(Promise.race([settled, interrupted]), stop);
}

async function leaveLoader(link: Link, after: AfterMode): Promise<string> {
  if (after === 'no-reset') return 'interrupted; the board stays in its ROM loader (--after no-reset): press EN to run its application';
  if (link.destroyed) return `interrupted; ${link.name} is gone, so the board could not be reset: press EN to run its application`;
  if (link.kind === 'socket') return `interrupted; ${link.name} has no reset lines, so the board stays in its ROM loader: press EN to run its application`;
  const reset = new HardReset(link).reset().then(() => true, () => false);
  const deadline = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), RESET_DEADLINE_MS).unref());
  return (await Promise.race([reset, deadline]))
    ? 'interrupted; hard-reset the board out of its ROM loader into its application'
    : `interrupted; resetting the board on ${link.name} failed: press EN to run its application`;
}
