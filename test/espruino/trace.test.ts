// The trace rewriter on traces laid out as Espruino prints them (src/jslex.c jslPrintTokenLineMarker): the
// frame line, the code around the position ("..." + 27 characters before + up to 33 after + "..." on long
// lines), a caret. The real interpreter's own traces are in test/monitor/trace-real.test.ts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { buildFirmware } from '../../host/build/index.ts';
import { loadFirmwareMap, parseFrame, TraceRewriter, type FirmwareMap } from '../../host/espruino/trace.ts';
import { firmwareMaps } from '../../host/espruino/firmware-maps.ts';
import { makeFirmwareProject, type Fixture } from '../build/fixture.ts';

let project: Fixture;
let code: string;
let fw: FirmwareMap;

before(async () => {
  project = makeFirmwareProject({
    'firmware/src/main.ts': 'import { fail } from "./fail";\nsetTimeout(() => {\n  fail("x");\n}, 10);\n',
    'firmware/src/fail.ts': 'export function fail(why: string): void {\n  throw new Error("failed: " + why);\n}\n',
  });
  code = (await buildFirmware({ root: project.root })).code;
  fw = loadFirmwareMap(join(project.root, 'dist/firmware.js'));
});
after(() => project.remove());

/** The three lines Espruino prints for a position in a one-line file (`line` 1). */
function frameLines(at: string, offset: number, source = code): string[] {
  const frame = `    at ${at} (espkit.a:1:${offset + 1})`;
  const lineEnd = source.indexOf('\n') < 0 ? source.length : source.indexOf('\n');
  if (lineEnd > 60 && offset > 30) {
    const start = offset - 27;
    return [frame, `...${source.slice(start, Math.min(lineEnd, start + 60))}...`, `${' '.repeat(30)}^`];
  }
  return [frame, source.slice(0, lineEnd), `${' '.repeat(offset)}^`];
}

test('frames are parsed with and without a function name, in a Storage file or in RAM', () => {
  assert.deepEqual(parseFrame('    at q (espkit.a:1:67)'), { indent: '    at ', name: 'q', file: 'espkit.a', line: 1, column: 67 });
  assert.deepEqual(parseFrame('    at :1:4'), { indent: '    at ', file: '', line: 1, column: 4 });
  assert.deepEqual(parseFrame('    at [raw] (:6:4)\r'), { indent: '    at ', name: '[raw]', file: '', line: 6, column: 4 });
  assert.equal(parseFrame('Uncaught Error: at 1:2'), undefined);
});

test('a frame in the deployed file becomes the TypeScript place, line and caret; the message stays', () => {
  const offset = code.indexOf('throw');
  assert.ok(offset > 0);
  const rewriter = new TraceRewriter([fw], { root: project.root });
  const input = ['Uncaught Error: failed: x', ...frameLines('t', offset)];
  const out = input.flatMap((l) => rewriter.push(l));
  assert.equal(out[0], 'Uncaught Error: failed: x');
  assert.equal(out[1], '    at fail (firmware/src/fail.ts:2:3)');
  assert.equal(out[2], '  throw new Error("failed: " + why);');
  assert.equal(out[3], '  ^');
  assert.equal(rewriter.holding, false);
});

test('a frame whose quoted code is not the map\'s firmware stays as Espruino printed it', () => {
  const rewriter = new TraceRewriter([fw], { root: project.root });
  const lines = frameLines('t', code.indexOf('throw'));
  lines[1] = lines[1]!.replace('throw', 'thrXw');
  assert.deepEqual(lines.flatMap((l) => rewriter.push(l)), lines);
});

test('lines that only look like the start of a frame are shown unchanged, in order', () => {
  const rewriter = new TraceRewriter([fw], { root: project.root });
  const lines = ['    at q (espkit.a:1:5)', 'hello', 'world', 'more'];
  const out = [...lines.flatMap((l) => rewriter.push(l)), ...rewriter.flush()];
  assert.deepEqual(out, lines);
});

test('rewriteText rewrites a whole report (as deploy shows a boot failure)', () => {
  const rewriter = new TraceRewriter([fw], { root: project.root });
  const text = ['Uncaught Error: failed: x', ...frameLines('t', code.indexOf('throw'))].join('\n');
  assert.match(rewriter.rewriteText(text), /at fail \(firmware\/src\/fail\.ts:2:3\)\n {2}throw new Error/);
});

test('firmwareMaps finds the built map of a project and refuses a --map that is not there', () => {
  assert.equal(firmwareMaps(project.root).length, 1);
  assert.throws(() => firmwareMaps(project.root, join(project.root, 'nope.js.map')), /--map .*no such file/);
});
