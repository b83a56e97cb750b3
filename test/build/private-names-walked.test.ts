// Private members of an object whose keys the program walks (JSON.stringify, Object.keys, for-in) keep their
// names in a minified build: the walk would show the short ones. Run on the real interpreter.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildFirmware } from '../../host/build/index.ts';
import { runOnEspruino } from '../../core/espruino/binary.ts';
import { makeFirmwareProject } from './fixture.ts';
import { realEspruino, needsRealEspruino } from '../helpers/espruino.ts';

const MAIN = [
  'class Dog {',
  '  constructor(readonly name: string, private readonly breed: string) {}',
  '  describe(): string { return this.name + " " + this.breed; }',
  '}',
  'class Box {',
  '  private hiddenCount = 1;',
  '  private contents: Dog[] = [new Dog("Max", "terrier")];',
  '  count(): number { return this.hiddenCount + this.contents.length; }',
  '}',
  'class Quiet {',
  '  private neverWalked = 3;',
  '  get(): number { return this.neverWalked; }',
  '}',
  'const b = new Box();',
  'print(JSON.stringify(b) + " " + b.count() + " " + new Quiet().get());',
  'const d = new Dog("Rex", "collie");',
  'print(Object.keys(d).join() + " " + d.describe());',
  '',
].join('\n');

test('private members of walked objects keep their names; others are shortened', { skip: needsRealEspruino }, async () => {
  const fx = makeFirmwareProject({ 'firmware/src/main.ts': MAIN });
  try {
    const built = await buildFirmware({ root: fx.root, out: false });
    assert.doesNotMatch(built.code, /neverWalked/, 'a private member nothing walks is shortened');
    const run = await runOnEspruino(realEspruino!, built.code, { timeoutMs: 20_000 });
    assert.equal(run.output, '{"hiddenCount":1,"contents":[{"name":"Max","breed":"terrier"}]} 2 3\nname,breed Rex collie\n', built.code);
  } finally {
    fx.remove();
  }
});
