// firmware/types and the emitted-code check agree: every global the typings declare is one the check
// accepts, and the typings carry no DOM or Node declarations.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import ts from 'typescript';
import { ESPRUINO_GLOBALS, MISSING_GLOBALS } from '../../core/espruino/facts.ts';

const typesDir = fileURLToPath(new URL('../../firmware/types/', import.meta.url));

function declaredGlobals(): string[] {
  const names: string[] = [];
  for (const file of readdirSync(typesDir).filter((f) => f.endsWith('.d.ts'))) {
    const sf = ts.createSourceFile(file, readFileSync(join(typesDir, file), 'utf8'), ts.ScriptTarget.ES2022, true);
    for (const s of sf.statements) {
      if (ts.isVariableStatement(s)) for (const d of s.declarationList.declarations) names.push((d.name as ts.Identifier).text);
      else if (ts.isFunctionDeclaration(s) && s.name) names.push(s.name.text);
    }
  }
  return [...new Set(names)];
}

test('every global in firmware/types is an Espruino global the check accepts', () => {
  const names = declaredGlobals();
  assert.ok(names.length > 20, `found only ${names.join(', ')}`);
  for (const n of names) {
    assert.ok(ESPRUINO_GLOBALS.has(n), `${n} is declared in firmware/types but not in ESPRUINO_GLOBALS (core/espruino/builtins.ts)`);
    assert.equal(MISSING_GLOBALS[n], undefined, `${n} is declared but Espruino lacks it`);
  }
});

test('the firmware tsconfig uses no DOM or Node types', () => {
  const config = JSON.parse(readFileSync(join(typesDir, '..', 'tsconfig.json'), 'utf8')) as { compilerOptions: { lib: string[]; types: string[] } };
  assert.deepEqual(config.compilerOptions.types, []);
  assert.ok(config.compilerOptions.lib.every((l) => !/dom|webworker/i.test(l)), config.compilerOptions.lib.join());
});
