// An Espruino source tree to read from: a checked-out directory, or a git repository (bare or not) at a ref.
// The generator only reads files through this, so both give the same output.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface SourceTree {
  /** What the output's header names as its origin (the git ref, or the label given for a directory). */
  readonly ref: string;
  /** A file's text, or undefined when the tree has no such file. */
  read(path: string): string | undefined;
  /** Every file path under a folder (relative to the tree's root). */
  list(folder: string): string[];
}

export class SourceError extends Error {}

/** A directory with a Makefile is read as a checkout; anything else as a git repository at `ref`. */
export function openSource(path: string, ref: string): SourceTree {
  if (!existsSync(path)) throw new SourceError(`${path} does not exist: pass an Espruino checkout or its git repository`);
  if (existsSync(join(path, 'Makefile'))) return directoryTree(path, ref);
  return gitTree(path, ref);
}

function directoryTree(root: string, ref: string): SourceTree {
  return {
    ref,
    read: (p) => (existsSync(join(root, p)) ? readFileSync(join(root, p), 'utf8') : undefined),
    list: (folder) => walk(root, folder),
  };
}

function walk(root: string, folder: string): string[] {
  const full = join(root, folder);
  if (!existsSync(full)) return [];
  const out: string[] = [];
  for (const name of readdirSync(full).sort()) {
    const rel = `${folder}/${name}`;
    if (statSync(join(root, rel)).isDirectory()) out.push(...walk(root, rel));
    else out.push(rel);
  }
  return out;
}

function gitTree(dir: string, ref: string): SourceTree {
  const git = (args: string[]): string => execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  } catch {
    throw new SourceError(`${dir} is not a git repository with ${ref} (and has no Makefile to read as a checkout)`);
  }
  const files = new Set(git(['ls-tree', '-r', '--name-only', ref]).split('\n').filter((l) => l.length > 0));
  const cache = new Map<string, string>();
  return {
    ref,
    read(p) {
      if (!files.has(p)) return undefined;
      let text = cache.get(p);
      if (text === undefined) {
        text = git(['show', `${ref}:${p}`]);
        cache.set(p, text);
      }
      return text;
    },
    list: (folder) => [...files].filter((f) => f.startsWith(`${folder}/`)).sort(),
  };
}
