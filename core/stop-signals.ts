// Every long-running command (monitor, bridge, hub, sim, demo, build --watch, and the flasher's jobs) stops
// cleanly on Ctrl-C (when it is not a key for the board), SIGTERM and SIGHUP: the terminal is given back,
// queues and sessions are saved, ports closed. A closed terminal sends SIGHUP, and a command that ignored it
// would die there with its work half-written, so the three are always handled together.
export const STOP_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** Wait for `done`, calling `stop` on each stop signal; the handlers are removed afterwards. */
export async function untilStopped<T>(done: Promise<T>, stop: () => void): Promise<T> {
  const onSignal = (): void => stop();
  for (const s of STOP_SIGNALS) process.on(s, onSignal);
  try {
    return await done;
  } finally {
    for (const s of STOP_SIGNALS) process.off(s, onSignal);
  }
}

/** The first stop signal to arrive; the handlers are removed once it has. */
export function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals): void => {
      for (const s of STOP_SIGNALS) process.off(s, onSignal);
      resolve(signal);
    };
    for (const s of STOP_SIGNALS) process.on(s, onSignal);
  });
}
