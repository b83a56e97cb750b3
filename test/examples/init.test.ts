// espkit init as a user runs it: a new project that builds, its refusals (a folder that is not empty, no
// folder, an unknown example, --update outside a project), --update replacing only espkit's copies, and the
// user story end to end: the door sensor written into a fresh project, built, deployed with espkit deploy to a
// virtual board, online at a broker, and publishing an event when the board's GPIO4 is driven.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { run, ROOT } from '../helpers/cli-process.ts';
import { isolatedEnv, type IsolatedEnv } from '../helpers/isolated-env.ts';
import { startAedes } from '../../bench/support/brokers.ts';
import { startTestBoard, onInterpreter, AP } from '../firmware/device.ts';

let home: IsolatedEnv;
let env: NodeJS.ProcessEnv;

before(() => {
  home = isolatedEnv();
  env = home.env;
});
after(() => home?.remove());

const espkit = (args: string[], cwd = home.home): ReturnType<typeof run> => run(args, { env, cwd });

/** Wait (bounded) for `done()`; fail naming `what` at the deadline. */
async function until(done: () => boolean, what: string, deadlineMs = 15_000): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  while (!done()) {
    if (Date.now() > deadline) assert.fail(`no ${what} within ${deadlineMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

test('init lays out a project that builds, with the typings and the device library beside it', { timeout: 120_000 }, async () => {
  const r = await espkit(['init', 'blank']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /created a firmware project in .*blank/);
  const dir = join(home.home, 'blank');
  for (const f of ['firmware/src/main.ts', 'firmware/tsconfig.json', '.gitignore', 'README.md', 'firmware/espkit/README.md', 'firmware/espkit/mqtt/session.ts']) {
    assert.ok(existsSync(join(dir, f)), `${f} is there`);
  }
  // the typings are the package's own, copied: nothing in the project points back at espkit
  for (const f of JSON.parse(readFileSync(join(dir, 'firmware/espkit/manifest.json'), 'utf8')).files as string[]) {
    if (f.startsWith('firmware/types/')) assert.equal(readFileSync(join(dir, f), 'utf8'), readFileSync(join(ROOT, f), 'utf8'));
  }
  // no absolute path and no way out of the project
  assert.doesNotMatch(readFileSync(join(dir, 'firmware/tsconfig.json'), 'utf8'), /"\/|\.\.\//);
  const built = await espkit(['build'], dir);
  assert.equal(built.code, 0, built.stderr);
  assert.match(built.stdout, /built dist\/firmware\.js/);
});

test('init refuses a folder that is not empty, with one line, unless --force', { timeout: 60_000 }, async () => {
  const dir = join(home.home, 'busy');
  mkdirSync(dir);
  writeFileSync(join(dir, 'notes.txt'), 'mine');
  const refused = await espkit(['init', 'busy']);
  assert.equal(refused.code, 1);
  assert.equal(refused.stderr, 'error: busy is not empty (1 entry): choose a new folder, or pass --force to write the project\'s files into it\n');
  assert.ok(!existsSync(join(dir, 'firmware')), 'nothing was written');
  const forced = await espkit(['init', 'busy', '--force']);
  assert.equal(forced.code, 0, forced.stderr);
  assert.equal(readFileSync(join(dir, 'notes.txt'), 'utf8'), 'mine');
  assert.ok(existsSync(join(dir, 'firmware/src/main.ts')));
});

test('init without a folder, with an unknown example, or --update outside a project: one line and a non-zero exit', { timeout: 60_000 }, async () => {
  const none = await espkit(['init']);
  assert.equal(none.code, 2);
  assert.equal(none.stderr, 'error: name the folder for the new project: espkit init DIR\n');
  const unknown = await espkit(['init', 'x', '--example', 'toaster']);
  assert.equal(unknown.code, 2);
  assert.equal(unknown.stderr, 'error: there is no example "toaster": choose one of door-sensor, push-buzzer, push-display, sleepy-sensor\n');
  assert.ok(!existsSync(join(home.home, 'x')));
  mkdirSync(join(home.home, 'plain'));
  const outside = await espkit(['init', '--update'], join(home.home, 'plain'));
  assert.equal(outside.code, 1);
  assert.equal(outside.stderr, 'error: . is not a firmware project (no firmware/tsconfig.json): run espkit init there first\n');
});

test('init --update replaces the copies, removes what espkit no longer ships, and keeps the program', { timeout: 60_000 }, async () => {
  const dir = join(home.home, 'old');
  assert.equal((await espkit(['init', 'old'])).code, 0);
  // as an older espkit would have left it: a changed typing file, a library file since removed, the user's edits
  const manifestFile = join(dir, 'firmware/espkit/manifest.json');
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { espkit: string; files: string[] };
  writeFileSync(manifestFile, JSON.stringify({ ...manifest, espkit: '0.0.9', files: [...manifest.files, 'firmware/espkit/gone.ts'] }));
  writeFileSync(join(dir, 'firmware/espkit/gone.ts'), 'export const gone = 1;\n');
  const typing = manifest.files.find((f) => f.startsWith('firmware/types/'))!;
  writeFileSync(join(dir, typing), '// stale\n');
  writeFileSync(join(dir, 'firmware/src/main.ts'), 'print("mine");\n');
  writeFileSync(join(dir, 'firmware/src/extra.ts'), 'export const mine = 1;\n');
  const r = await espkit(['init', '--update'], dir);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /updated the typings and device library in .* to espkit \S+ \(was 0\.0\.9\); removed firmware\/espkit\/gone\.ts/);
  assert.ok(!existsSync(join(dir, 'firmware/espkit/gone.ts')));
  assert.equal(readFileSync(join(dir, typing), 'utf8'), readFileSync(join(ROOT, typing), 'utf8'));
  assert.equal(readFileSync(join(dir, 'firmware/src/main.ts'), 'utf8'), 'print("mine");\n');
  assert.ok(existsSync(join(dir, 'firmware/src/extra.ts')));
});

test(`the door sensor written into a new project builds, deploys to a virtual board, comes online and publishes one event per door movement (${onInterpreter})`, { timeout: 180_000 }, async () => {
  const dir = join(home.home, 'door');
  assert.equal((await espkit(['init', 'door'])).code, 0);
  copyFileSync(join(ROOT, 'examples/door-sensor/firmware/src/main.ts'), join(dir, 'firmware/src/main.ts'));
  const built = await espkit(['build'], dir);
  assert.equal(built.code, 0, built.stderr);
  const broker = await startAedes();
  const board = await startTestBoard();
  const watcher = await mqtt.connectAsync(broker.url, { clientId: `test-init-${process.pid}`, clean: true, reconnectPeriod: 0 });
  try {
    const status: string[] = [];
    const events: string[] = [];
    watcher.on('message', (topic, payload) => {
      if (topic === 'espkit/door1/status') status.push(payload.toString());
      if (topic === 'espkit/door1/event') events.push(payload.toString());
    });
    await watcher.subscribeAsync(['espkit/door1/status', 'espkit/door1/event'], { qos: 1 });
    const deployed = await espkit(['-p', board.ports.socket, 'deploy', '--wifi', AP.ssid, '--password', AP.password, '--broker', broker.url, '--device', 'door1'], dir);
    assert.equal(deployed.code, 0, `${deployed.stdout}\n${deployed.stderr}`);
    assert.match(deployed.stdout, /door1 runs firmware 0\.1\.0 and is online/);
    assert.match(board.outputText(), /espkit ready door1 0\.1\.0/);
    await until(() => status.some((s) => s.includes('"online"')), 'the online status at the broker');
    // the reed switch on GPIO4 opens with a bounce, then closes: one event each
    for (const level of [1, 0, 1] as const) board.setPin(4, level);
    await until(() => events.length >= 1, 'the door-open event');
    board.setPin(4, 0);
    await until(() => events.length >= 2, 'the door-closed event');
    assert.deepEqual(events.map((e) => (JSON.parse(e) as { door: string }).door), ['open', 'closed']);
    assert.deepEqual(board.outputText().match(/espkit door \w+/g), ['espkit door open', 'espkit door closed']);
  } finally {
    await watcher.endAsync();
    await board.close();
    await broker.close();
  }
});
