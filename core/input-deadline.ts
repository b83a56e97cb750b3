// Deadlines that count input which arrived in time. Node runs a timer that fell due while the process was held
// up (a loaded machine) before it reads its sockets, so a verdict given in the timer itself ("silent", "quiet",
// "still open") can miss bytes, a line or a hang-up that arrived before the deadline and wait unread. These give
// the verdict one turn later, once that input has been read.

/** Like setTimeout, but `fn` runs after the input that arrived by the deadline has been read. */
export function setInputTimeout(fn: () => void, ms: number): NodeJS.Timeout {
  return setTimeout(() => setImmediate(fn), ms);
}

/** Waits `ms`, then for the input that arrived meanwhile to be read. `unref`: the wait alone keeps no process alive. */
export function sleepReadingInput(ms: number, options: { unref?: boolean } = {}): Promise<void> {
  return new Promise((resolve) => {
    const timer = setInputTimeout(resolve, ms);
    if (options.unref) timer.unref();
  });
}
