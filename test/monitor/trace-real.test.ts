// A firmware that throws, built by espkit build, run on the real Espruino interpreter; its error trace goes
// through the monitor's output and comes out as TypeScript file:line:column with the TypeScript line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildFirmware } from '../../host/build/index.ts';
import { runOnEspruino } from '../../core/espruino/binary.ts';
import { firmwareMaps } from '../../host/espruino/firmware-maps.ts';
import { TraceRewriter } from '../../host/espruino/trace.ts';
import { MonitorOutput } from '../../host/monitor/output.ts';
import { makeFirmwareProject } from '../build/fixture.ts';
import { realEspruino, needsRealEspruino } from '../helpers/espruino.ts';

const CHECK_TS = [
  '// checks the readings',
  'export function checkReading(value: number): number {',
  '  const limit = value * 2;',
  '  if (limit > 10) {',
  '    throw new Error("reading too high: " + limit);',
  '  }',
  '  return limit;',
  '}',
  '',
].join('\n');

const MAIN_TS = [
  'import { checkReading } from "./check";',
  '',
  'function tick(): void {',
  '  console.log("tick " + checkReading(7));',
  '}',
  'console.log("started");',
  'setTimeout(tick, 20);',
  '',
].join('\n');

/** What the monitor prints for `output` (the interpreter's console text), rewriting with the project's maps. */
function monitorShows(output: string, root: string): string {
  const shown: string[] = [];
  const monitor = new MonitorOutput({ out: { write: (c) => shown.push(String(c)) }, traces: new TraceRewriter(firmwareMaps(root), { root }) });
  monitor.data(Buffer.from(output.replace(/\n/g, '\r\n'), 'latin1'));
  monitor.end();
  return shown.join('');
}

async function builtProject(pretokenise = true): Promise<{ root: string; code: string; remove: () => void }> {
  const project = makeFirmwareProject({ 'firmware/src/main.ts': MAIN_TS, 'firmware/src/check.ts': CHECK_TS });
  const built = await buildFirmware({ root: project.root, pretokenise });
  assert.equal(built.map, 'dist/firmware.js.map');
  return { root: project.root, code: built.code, remove: project.remove };
}

test('a trace from firmware stored in Storage and booted (as deploy does) shows the TypeScript place', { skip: needsRealEspruino }, async () => {
  const project = await builtProject();
  const board = mkdtempSync(join(tmpdir(), 'espkit-trace-board-'));
  try {
    // the deploy layout: the code in a slot file, a boot stub that evaluates it, then load()
    const setup = `var S=require("Storage");S.write("espkit.a",${JSON.stringify(project.code)});` +
      'S.write(".bootcde","eval(require(\\"Storage\\").read(\\"espkit.a\\"))");setTimeout(function(){load();},50);';
    const run = await runOnEspruino(realEspruino!, setup, { cwd: board, timeoutMs: 20_000 });
    assert.match(run.output, /started/);
    assert.match(run.output, /Uncaught Error: reading too high: 14\n\s+at \S+ \(espkit\.a:\d+:\d+\)/, run.output);

    const shown = monitorShows(run.output, project.root);
    assert.match(shown, /Uncaught Error: reading too high: 14/);
    assert.match(shown, /at checkReading \(firmware\/src\/check\.ts:5:49\)\n {4}throw new Error\("reading too high: " \+ limit\);\n {48}\^\n/, shown);
    assert.match(shown, /at tick \(firmware\/src\/main\.ts:4:39\)\n {2}console\.log\("tick " \+ checkReading\(7\)\);/, shown);
    assert.doesNotMatch(shown, /espkit\.a:/, 'every frame is in TypeScript terms');
  } finally {
    rmSync(board, { recursive: true, force: true });
    project.remove();
  }
});

test('a trace from firmware run from RAM (positions inside each function) is found by its quoted code', { skip: needsRealEspruino }, async () => {
  const project = await builtProject(false);
  try {
    const run = await runOnEspruino(realEspruino!, project.code, { timeoutMs: 20_000 });
    assert.match(run.output, /Uncaught Error: reading too high: 14\n\s+at \S+ \(:\d+:\d+\)/, run.output);
    const shown = monitorShows(run.output, project.root);
    assert.match(shown, /at checkReading \(firmware\/src\/check\.ts:5:49\)\n {4}throw new Error/, shown);
  } finally {
    project.remove();
  }
});

test('a trace from pretokenised firmware run from RAM stays as Espruino printed it (its positions count tokens)', { skip: needsRealEspruino }, async () => {
  const project = await builtProject(true);
  try {
    const run = await runOnEspruino(realEspruino!, project.code, { timeoutMs: 20_000 });
    assert.match(run.output, /Uncaught Error: reading too high: 14\n\s+at \S+ \(:\d+:\d+\)/, run.output);
    const shown = monitorShows(run.output, project.root);
    assert.equal(shown.replace(/\r/g, ''), run.output);
  } finally {
    project.remove();
  }
});
