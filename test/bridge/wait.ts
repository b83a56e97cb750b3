// Waiting for a condition in tests: checked often, bounded by a generous timeout that names what was awaited.
// Past the deadline the condition is checked once more after pending I/O has been read: Node runs an overdue
// timer before it polls sockets and pipes, so a process that was held up (a loaded machine) would otherwise
// give up without reading output that had arrived in time.
// `what` may be a function, called only on timeout, so the message can show what was seen by then (output
// gathered meanwhile) rather than what there was when the wait began.
export async function waitFor(test: () => boolean, what: string | (() => string), timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() > deadline) {
      await new Promise((r) => setImmediate(r));
      if (test()) return;
      throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${typeof what === 'function' ? what() : what}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}
