// A throwaway firmware project (firmware/tsconfig.json + the real firmware/types) for build tests.
import { mkdtempSync, mkdirSync, writeFileSync, cpSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BuildOptions, BuildResult } from '../../host/build/index.ts';
import { watchFirmware } from '../../host/build/watch.ts';

const repo = fileURLToPath(new URL('../..', import.meta.url));

export interface Fixture {
  root: string;
  write(path: string, text: string): void;
  remove(): void;
}

/** A project root with firmware/tsconfig.json, firmware/types and the given firmware/src files. */
export function makeFirmwareProject(files: Record<string, string>): Fixture {
  const root = mkdtempSync(join(tmpdir(), 'espkit-build-'));
  mkdirSync(join(root, 'firmware', 'src'), { recursive: true });
  cpSync(join(repo, 'firmware', 'types'), join(root, 'firmware', 'types'), { recursive: true });
  cpSync(join(repo, 'firmware', 'tsconfig.json'), join(root, 'firmware', 'tsconfig.json'));
  const write = (path: string, text: string): void => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  for (const [path, text] of Object.entries(files)) write(path, text);
  return { root, write, remove: () => rmSync(root, { recursive: true, force: true }) };
}

export interface WatchedBuilds {
  /** Every build outcome so far, in order. */
  outcomes: Array<BuildResult | Error>;
  /** Resolves once there are `count` outcomes; rejects after 60 s. */
  next(count: number): Promise<void>;
  /** Stop watching and wait for a build under way to end. */
  close(): Promise<void>;
}

/** watchFirmware with a short debounce, its outcomes kept for the test to wait on one by one. */
export function watchBuilds(options: BuildOptions): WatchedBuilds {
  const outcomes: Array<BuildResult | Error> = [];
  let notify: (() => void) | undefined;
  const watcher = watchFirmware(options, (o) => {
    outcomes.push(o);
    notify?.();
  }, 50);
  const next = (count: number): Promise<void> => new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no build #${count} within 60 s`)), 60_000);
    notify = () => {
      if (outcomes.length >= count) {
        clearTimeout(timer);
        resolve();
      }
    };
    notify();
  });
  return {
    outcomes,
    next,
    close: async () => {
      watcher.close();
      await watcher.idle();
    },
  };
}
