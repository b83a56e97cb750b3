// The differential conformance suite: each program under programs/ runs as TypeScript in Node and, built by
// espkit build (minified and not), on the real Espruino interpreter. It must print the same lines, or be
// refused as it declares, or differ only in a declared known way (header.ts). Prints the table per area.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { relative } from 'node:path';
import { listPrograms } from './programs.ts';
import { readDeclaration } from './header.ts';
import { judgeAll } from './pool.ts';
import { formatTable } from './table.ts';
import { repoRoot, areaOf } from './judge.ts';
import { realEspruino, needsRealEspruino } from '../helpers/espruino.ts';

const programs = listPrograms();

test('conformance: at least 150 programs, in areas, each with a valid declaration', () => {
  assert.ok(programs.length >= 150, `only ${programs.length} programs`);
  for (const p of programs) {
    assert.notEqual(areaOf(relative(repoRoot, p)), 'other', `${p} is not in an area folder`);
    readDeclaration(p);
  }
});

test('conformance: Node and the real Espruino print the same (or the build refuses)', { skip: needsRealEspruino }, async () => {
  const filter = process.env.CONFORMANCE_ONLY;
  const chosen = filter ? programs.filter((p) => p.includes(filter)) : programs;
  const verdicts = await judgeAll(chosen, realEspruino!);
  console.log(formatTable(verdicts));
  const different = verdicts.filter((v) => v.outcome === 'different');
  assert.equal(different.length, 0, different.map((v) => `${v.program}: ${v.detail}`).join('\n'));
});
