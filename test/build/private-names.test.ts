// Private class members get short property names in a minified build (host/build/private-names.ts); names
// that anything else uses as a property, or that a string spells, keep theirs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildFirmware } from '../../host/build/index.ts';
import { shortNames } from '../../host/build/private-names.ts';
import { runOnEspruino } from '../../core/espruino/binary.ts';
import { makeFirmwareProject } from './fixture.ts';
import { realEspruino, needsRealEspruino } from '../helpers/espruino.ts';

const MAIN = [
  'class Counter {',
  '  private countedSoFar = 0;',
  '  private readonly labelText: string;',
  '  private sharedName = 1;',
  '  private spelled = 2;',
  '  constructor(label: string, private readonly stepSize: number) {',
  '    this.labelText = label;',
  '  }',
  '  bump(): string {',
  '    this.countedSoFar += this.stepSize + this.sharedName + this.spelled;',
  '    return this.labelText + " " + this.countedSoFar;',
  '  }',
  '}',
  'const options = { sharedName: "public" };',
  'const c = new Counter("n", 2);',
  'c.bump();',
  'print(c.bump() + " " + options.sharedName + " " + ("spelled" in c));',
  '',
].join('\n');

test('private members only their class names are renamed; the program prints the same', async () => {
  const project = makeFirmwareProject({ 'firmware/src/main.ts': MAIN });
  try {
    const built = await buildFirmware({ root: project.root, out: false });
    for (const gone of ['countedSoFar', 'labelText', 'stepSize']) assert.doesNotMatch(built.code, new RegExp(`\\b${gone}\\b`), gone);
    // an object key elsewhere, and a string, keep these
    assert.match(built.code, /\.sharedName\b/);
    assert.match(built.code, /\.spelled\b/);
    const plain = await buildFirmware({ root: project.root, out: false, minify: false });
    assert.match(plain.code, /countedSoFar/, 'an unminified build keeps every name');
    if (realEspruino) {
      const run = await runOnEspruino(realEspruino, built.code);
      assert.equal(run.output, 'n 10 public true\n');
    }
  } finally {
    project.remove();
  }
});

test('short names avoid every property name and string word of the code, and the keywords', () => {
  const names = shortNames(['longName', 'other'], 'var o={a:1};o.b=2;print("c d e");');
  assert.deepEqual(Object.keys(names).sort(), ['longName', 'other']);
  for (const short of Object.values(names)) assert.ok(!['a', 'b', 'c', 'd', 'e'].includes(short), short);
  assert.equal(new Set(Object.values(names)).size, 2);
  assert.deepEqual(shortNames([], 'x'), {});
});

test('the real interpreter runs the renamed firmware code of a class with private members', { skip: needsRealEspruino }, async () => {
  const project = makeFirmwareProject({ 'firmware/src/main.ts': MAIN });
  try {
    const built = await buildFirmware({ root: project.root, out: false, pretokenise: false });
    const run = await runOnEspruino(realEspruino!, built.code);
    assert.equal(run.output, 'n 10 public true\n');
  } finally {
    project.remove();
  }
});
