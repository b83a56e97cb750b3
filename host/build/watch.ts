// `espkit build --watch`: rebuild when anything under firmware/ (or a local modules folder) changes, reporting
// each outcome.
import { existsSync, watch, type FSWatcher } from 'node:fs';
import { resolve } from 'node:path';
import { buildFirmware, type BuildOptions, type BuildResult } from './index.ts';

export interface FirmwareWatcher {
  close(): void;
  /** Resolves when the build in progress (if any) is done. */
  idle(): Promise<void>;
}

/** Build now and after every change (debounced); `report` gets each result or error. */
export function watchFirmware(options: BuildOptions, report: (outcome: BuildResult | Error) => void, debounceMs = 150): FirmwareWatcher {
  const dir = resolve(options.root, 'firmware');
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let again = false;
  let busy = false;
  let closed = false;
  const run = (): void => {
    if (closed) return;
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    running = buildFirmware(options).then(report, (err: unknown) => report(err instanceof Error ? err : new Error(String(err)))).finally(() => {
      busy = false;
      if (again && !closed) {
        again = false;
        run();
      }
    });
  };
  const onChange = (_event: string, name: string | Buffer | null): void => {
    if (name && /(^|\/)\.|~$/.test(String(name))) return; // editor temp files
    clearTimeout(timer);
    timer = setTimeout(run, debounceMs);
  };
  const moduleDirs = [...new Set([resolve(options.root, 'modules'), ...(options.modules ? [resolve(options.root, options.modules)] : [])])];
  const watchers: FSWatcher[] = [dir, ...moduleDirs.filter((d) => existsSync(d))].map((d) => watch(d, { recursive: true }, onChange));
  run();
  return {
    close: () => {
      closed = true;
      clearTimeout(timer);
      for (const w of watchers) w.close();
    },
    idle: () => running,
  };
}
