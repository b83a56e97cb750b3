// `espkit build` with Espruino library modules as a user runs it: the cost report (text and --json), the
// budget from the board profile, the offline error and a bad --modules folder, in a home whose ~/.cache/espkit
// and ~/.espkit are already filled with other things.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from '../helpers/cli-process.ts';
import { isolatedEnv } from '../helpers/isolated-env.ts';
import { BOARDS_DIR } from '../../core/board.ts';
import { makeFirmwareProject } from './fixture.ts';

const MODULES = fileURLToPath(new URL('./modules/', import.meta.url));

test('espkit build --modules: what each module costs, the board\'s budget, and the errors', async () => {
  const fx = makeFirmwareProject({ 'firmware/src/main.ts': `const c = require('Counter');\nconsole.log(c.next(), c.label(3));\n` });
  const home = isolatedEnv({ ESPKIT_OFFLINE: '1' });
  try {
    // a cache and a data folder that other commands (and other tools) already filled
    mkdirSync(join(home.home, '.cache', 'espkit', 'espruino', '2v29'), { recursive: true });
    mkdirSync(join(home.home, '.cache', 'espkit', 'modules', 'Counter.min.js'), { recursive: true });
    writeFileSync(join(home.home, '.cache', 'espkit', 'modules', 'README'), 'not a module');
    mkdirSync(join(home.home, '.espkit', 'hub'), { recursive: true });
    writeFileSync(join(home.home, '.espkit', 'modules'), 'a file where nothing expects one');
    const opts = { env: home.env, cwd: fx.root };

    const text = await run(['build', '--modules', MODULES], opts);
    assert.equal(text.code, 0, text.stderr);
    const lines = text.stdout.trimEnd().split('\n');
    assert.match(lines[0]!, /^built dist\/firmware\.js: \d+ bytes, \d+% of the 16384-byte budget \(\d+ ms\)$/);
    assert.match(lines[1]!, /^ {2}own code +\d+ bytes {2}~\d+ variables$/);
    assert.match(lines[2]!, new RegExp(`^  module Format +\\d+ bytes  ~\\d+ variables  local: ${MODULES}Format\\.js, required by Counter$`));
    assert.match(lines[3]!, new RegExp(`^  module Counter +\\d+ bytes  ~\\d+ variables  local: ${MODULES}Counter\\.js, required by the firmware$`));
    assert.match(lines[4]!, /^ {2}about \d+ of the board's 5000 variables \(\d+%\) for the code once loaded$/);
    assert.equal(lines.length, 5);
    assert.match(text.stderr, /^warning: .*Format\.js:1:1: module "Format" has no typings: require\("Format"\) is typed any \(put Format\.d\.ts with its exports beside it in modules\/\)\n$/);

    const json = await run(['--json', 'build', '--modules', MODULES], opts);
    assert.equal(json.code, 0, json.stderr);
    const doc = JSON.parse(json.stdout) as { bytes: number; cost: { parts: Array<{ name: string; bytes: number; variables: number; module?: { from: string } }>; variables: number; boardVariables: number } };
    assert.deepEqual(doc.cost.parts.map((p) => [p.name, p.module?.from ?? 'own']), [['firmware', 'own'], ['Format', 'local'], ['Counter', 'local']]);
    assert.equal(doc.cost.parts.reduce((s, p) => s + p.bytes, 0), doc.bytes);
    assert.equal(doc.cost.variables, doc.cost.parts.reduce((s, p) => s + p.variables, 0));

    // a board whose profile gives less room: the budget follows it and the error says what takes the room
    const board = JSON.parse(readFileSync(join(BOARDS_DIR, 'esp32-devkit.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(fx.root, 'small.json'), JSON.stringify({ ...board, id: 'small', memory: { variables: 1000, codeBudget: 200, codeBytesPerVariable: 10 } }));
    const over = await run(['--board', 'small.json', 'build', '--modules', MODULES], opts);
    assert.equal(over.code, 1);
    assert.match(over.stderr, /^error: the firmware is \d+ bytes \(own code \d+, module Format \d+, module Counter \d+\), over the board's budget of 200 bytes by \d+: remove code or modules/m);

    fx.write('firmware/src/main.ts', `require('Nowhere');\n`);
    const missing = await run(['build', '--modules', MODULES], opts);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /^error: module "Nowhere" not found: looked in .*Nowhere\.js, .*; not looked up online \(ESPKIT_OFFLINE is set\)/);
    assert.equal(missing.stderr.trimEnd().split('\n').length, 1);

    const usage = await run(['build', '--modules', 'no-such-folder'], opts);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /the modules folder no-such-folder does not exist/);
  } finally {
    home.remove();
    fx.remove();
  }
});
