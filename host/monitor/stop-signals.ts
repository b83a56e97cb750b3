// Long-running commands (monitor, bridge) stop cleanly on Ctrl-C (when it is not a key for the board),
// SIGTERM and SIGHUP: the terminal is given back, queues are saved, ports closed.
const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** Wait for `done`, calling `stop` on the first signal; the handlers are removed afterwards. */
export async function untilStopped<T>(done: Promise<T>, stop: () => void): Promise<T> {
  const onSignal = (): void => stop();
  for (const s of SIGNALS) process.on(s, onSignal);
  try {
    return await done;
  } finally {
    for (const s of SIGNALS) process.off(s, onSignal);
  }
}
