// espkit init: lay out a firmware project (its own files once, espkit's copies always), or refresh the copies
// of an existing one (--update). Nothing is half-written: every problem is found before the first write.
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { EspkitError, UsageError } from '../../core/errors.ts';
import { espkitCopies, MANIFEST_FILE, PACKAGE_ROOT, type CopiedFile, type Manifest } from './device-library.ts';
import { projectTemplates } from './templates.ts';

export interface InitOptions {
  dir: string;
  /** Write into a folder that is not empty (files of the same name are replaced). */
  force?: boolean;
  /** Start from examples/<name> instead of the blank program. */
  example?: string;
  /** Only replace espkit's copies (typings, device library) in an existing project. */
  update?: boolean;
}

export interface InitResult {
  dir: string;
  /** Files written, relative to dir. */
  written: string[];
  /** Files of an older copy that the installed espkit no longer has, removed by --update. */
  removed: string[];
  espkit: string;
  /** The espkit version the replaced copies came from (--update). */
  previous?: string;
}

export const EXAMPLES_DIR = join(PACKAGE_ROOT, 'examples');

/** The examples espkit ships: folders of examples/ with a firmware/src/main.ts. */
export function exampleNames(): string[] {
  if (!existsSync(EXAMPLES_DIR)) return [];
  return readdirSync(EXAMPLES_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(EXAMPLES_DIR, d.name, 'firmware/src/main.ts')))
    .map((d) => d.name)
    .sort();
}

/** Every file of an example, relative to its folder. */
function exampleFiles(name: string): CopiedFile[] {
  const root = join(EXAMPLES_DIR, name);
  const out: CopiedFile[] = [];
  const walk = (rel: string): void => {
    for (const d of readdirSync(join(root, rel), { withFileTypes: true })) {
      const path = rel ? `${rel}/${d.name}` : d.name;
      if (d.isDirectory()) walk(path);
      else if (d.isFile()) out.push({ path, text: readFileSync(join(root, path), 'utf8') });
    }
  };
  walk('');
  return out;
}

function readManifest(dir: string): Manifest | undefined {
  const file = join(dir, MANIFEST_FILE);
  if (!existsSync(file)) return undefined;
  try {
    const m = JSON.parse(readFileSync(file, 'utf8')) as Partial<Manifest>;
    return Array.isArray(m.files) && typeof m.espkit === 'string' ? { espkit: m.espkit, espruino: String(m.espruino), files: m.files.map(String) } : undefined;
  } catch {
    return undefined;
  }
}

function writeAll(dir: string, files: CopiedFile[]): string[] {
  for (const f of files) {
    const full = join(dir, f.path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, f.text);
  }
  return files.map((f) => f.path);
}

export function initProject(options: InitOptions): InitResult {
  const dir = resolve(options.dir);
  const { files: copies, manifest } = espkitCopies();
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new UsageError(`${options.dir} is a file, not a folder: name a new or empty folder`);
  if (options.update) return update(dir, options.dir, copies, manifest);

  let own = projectTemplates(basename(dir));
  if (options.example !== undefined) {
    const names = exampleNames();
    if (!names.includes(options.example)) {
      throw new UsageError(`there is no example "${options.example}": choose one of ${names.join(', ') || '(none installed)'}`);
    }
    const example = exampleFiles(options.example);
    own = [...own.filter((t) => !example.some((e) => e.path === t.path)), ...example];
  }
  const present = existsSync(dir) ? readdirSync(dir) : [];
  if (present.length > 0 && !options.force) {
    throw new EspkitError(`${options.dir} is not empty (${present.length} entr${present.length === 1 ? 'y' : 'ies'}): choose a new folder, or pass --force to write the project's files into it`);
  }
  const written = writeAll(dir, [...own, ...copies]);
  return { dir, written, removed: [], espkit: manifest.espkit };
}

function update(dir: string, given: string, copies: CopiedFile[], manifest: Manifest): InitResult {
  if (!existsSync(join(dir, 'firmware/tsconfig.json'))) {
    throw new EspkitError(`${given} is not a firmware project (no firmware/tsconfig.json): run espkit init there first`);
  }
  const previous = readManifest(dir);
  const fresh = new Set(copies.map((c) => c.path));
  // only what an earlier espkit copied is removed: a project's own files are never touched
  const removed = (previous?.files ?? []).filter((f) => !fresh.has(f) && !f.includes('..') && existsSync(join(dir, f)));
  for (const f of removed) rmSync(join(dir, f));
  const written = writeAll(dir, copies);
  return { dir, written, removed, espkit: manifest.espkit, previous: previous?.espkit };
}
