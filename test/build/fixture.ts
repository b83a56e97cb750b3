// A throwaway firmware project (firmware/tsconfig.json + the real firmware/types) for build tests.
import { mkdtempSync, mkdirSync, writeFileSync, cpSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

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
