// The committed typings are what the generator makes from Espruino's sources. Needs an Espruino source tree
// (a checkout, or a git repository with the tag): ESPKIT_ESPRUINO_SOURCE; skipped without one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateTypings, GENERATED_FILE, GLOBALS_FILE } from '../../scripts/typings/typings.ts';
import { openSource } from '../../scripts/typings/source.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const typesDir = join(root, 'firmware/types');
const source = process.env.ESPKIT_ESPRUINO_SOURCE;
const ref = /^\/\/ Generated from Espruino (\S+) /.exec(readFileSync(join(typesDir, GENERATED_FILE), 'utf8'))?.[1] ?? '';
const skip = !source ? 'set ESPKIT_ESPRUINO_SOURCE to an Espruino checkout or git repository to regenerate the typings'
  : !existsSync(source) ? `ESPKIT_ESPRUINO_SOURCE=${source} does not exist` : false;

test('the committed typings equal a fresh generation from the Espruino tag they name', { skip }, () => {
  const supplements = new Map(readdirSync(typesDir).filter((f) => f.endsWith('.d.ts') && f !== GENERATED_FILE).map((f) => [join(typesDir, f), readFileSync(join(typesDir, f), 'utf8')]));
  const fresh = generateTypings(openSource(source!, ref), 'ESP32', supplements);
  assert.equal(fresh.typings, readFileSync(join(typesDir, GENERATED_FILE), 'utf8'), `firmware/types/${GENERATED_FILE} is stale: run scripts/typings/generate.ts`);
  assert.equal(fresh.globalsModule, readFileSync(join(root, GLOBALS_FILE), 'utf8'), `${GLOBALS_FILE} is stale: run scripts/typings/generate.ts`);
});

test('the generator refuses a source that is not there, in one line', () => {
  assert.throws(() => openSource(join(root, 'no-such-espruino'), 'RELEASE_2V29'), /no-such-espruino does not exist/);
  assert.throws(() => openSource(root, 'NO_SUCH_TAG_XYZ'), /not a git repository with NO_SUCH_TAG_XYZ/);
});
