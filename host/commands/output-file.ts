// An output file is checked before the work that fills it: a backup reads 4 MB from the board (minutes at
// 115200 baud), and finding out only then that the folder is missing or read-only loses all of it.
import { accessSync, constants, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { EspkitError } from '../../core/errors.ts';

/** Throw one clear error unless `path` can be created or overwritten as a file. Nothing is written. */
export function checkOutputFile(path: string): void {
  const full = resolve(path);
  const folder = dirname(full);
  const fail = (why: string): never => {
    throw new EspkitError(`cannot write ${path}: ${why}`);
  };
  let existing;
  try {
    existing = statSync(full);
  } catch {
    existing = undefined;
  }
  if (existing?.isDirectory()) fail('it is a folder; name a file in it');
  let folderStat;
  try {
    folderStat = statSync(folder);
  } catch {
    fail(`the folder ${folder} does not exist (create it first)`);
  }
  if (!folderStat!.isDirectory()) fail(`${folder} is not a folder`);
  try {
    accessSync(existing ? full : folder, constants.W_OK);
  } catch {
    fail(existing ? 'the file is not writable' : `the folder ${folder} is not writable`);
  }
}
