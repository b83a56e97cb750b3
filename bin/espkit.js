#!/usr/bin/env node
// The espkit CLI runs the compiled tree in dist/cli/ (npm install builds it). When any file it was built from has
// changed since, it is rebuilt first (about half a second), so a source edit is never run stale; if it cannot be
// rebuilt, the TypeScript sources run through tsx's loader instead.
import { pathToFileURL } from 'node:url';
import { freshEntry } from '../scripts/cli/manifest.js';

let entry = freshEntry();
if (entry === undefined) {
  try {
    const { ensureCli } = await import('../scripts/cli/build.js');
    entry = await ensureCli();
  } catch {
    entry = undefined; // tsx reports a source error the same way, with its place
  }
}
if (entry !== undefined) {
  await import(pathToFileURL(entry).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../host/cli.ts');
}
