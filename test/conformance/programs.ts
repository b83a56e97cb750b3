// The conformance programs: every .ts file under programs/<area>/, except modules in a lib/ folder (those
// are imported by programs, not run on their own).
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const programsDir = fileURLToPath(new URL('./programs', import.meta.url));

export function listPrograms(dir = programsDir): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) {
      if (name !== 'lib') out.push(...listPrograms(full));
    } else if (name.endsWith('.ts')) {
      out.push(full);
    }
  }
  return out;
}
