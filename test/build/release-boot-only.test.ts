// Functions only the boot calls are let go at the end of the top level (host/build/release-boot-only.ts):
// which ones, which are kept, and what it saves on the real interpreter.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bootOnlyFunctions, releaseBootOnlyFunctions } from '../../host/build/release-boot-only.ts';
import { buildFirmware } from '../../host/build/index.ts';
import { runOnEspruino } from '../../core/espruino/binary.ts';
import { makeFirmwareProject } from './fixture.ts';
import { realEspruino, needsRealEspruino } from '../helpers/espruino.ts';

const runOnce = (body: string): string => `(()=>{${body}})();\n`;

test('a function called only by the top level, or by another such function, is let go', () => {
  const code = runOnce('function a(x){return b(x)+1}function b(x){return x*2}function c(){return 3}var v=a(c());print(v)');
  assert.deepEqual(bootOnlyFunctions(code).sort(), ['a', 'b', 'c']);
  const out = releaseBootOnlyFunctions(code);
  assert.equal(out.code, runOnce('function a(x){return b(x)+1}function b(x){return x*2}function c(){return 3}var v=a(c());print(v);a=b=c=void 0'));
  assert.deepEqual(out.released, ['a', 'b', 'c']);
});

test('a function used by later code, or used other than by a call, is kept with what it calls', () => {
  const code = runOnce([
    'function later(){return helper()}function helper(){return 1}', // called from a callback
    'function passed(){}function stored(){}function built(){}function compared(){}',
    'function viaMethod(){}function viaArrow(){}function viaClass(){}function boot(){return 2}',
    'setTimeout(later,10);setTimeout(passed,5);var o={f:stored,g:1};new built();if(typeof compared=="function")boot();',
    'var obj={m(){viaMethod()}};var f=()=>viaArrow();var K=class{go(){viaClass()}};',
  ].join(''));
  assert.deepEqual(bootOnlyFunctions(code), ['boot']);
});

test('a property or member with the same name is not a use; a local with the same name is (it can only keep more)', () => {
  assert.deepEqual(bootOnlyFunctions(runOnce('function p(){return 1}var o={p:1};o.p=2;p();print(o.p)')), ['p']);
  assert.deepEqual(bootOnlyFunctions(runOnce('function p(){return 1}p();for(var i=0,p=1;i<p;i++);')), []);
});

test('nothing is let go from code that is not one run-once function, or that uses eval or arguments', () => {
  assert.deepEqual(bootOnlyFunctions('function a(){}a();\n'), []);
  assert.deepEqual(bootOnlyFunctions(runOnce('function a(){}a();eval("1")')), []);
  assert.deepEqual(bootOnlyFunctions(runOnce('function a(){return arguments.length}a()')), []);
  assert.deepEqual(bootOnlyFunctions('((x)=>{function a(){}a()})(1);\n'), []);
});

test('the firmware lets go of its settings and topic helpers, and keeps what runs after boot', async () => {
  const built = await buildFirmware({ root: process.cwd(), out: false, checkAllFiles: false, minify: false, onDemand: false });
  const released = /;([\w$=]+)=void 0\s*\}\)\(\);\s*$/.exec(built.code);
  assert.ok(released, 'the build ends with the release');
  assert.deepEqual(released[1]!.split('=').sort(), ['deviceIdFromMac', 'deviceSessionConfig', 'parseBroker', 'plainText', 'resolveSettings', 'shardOf', 'topicsFor', 'whole']);
});

test('on the real interpreter, a released function is freed after the boot and the program still runs', { skip: needsRealEspruino }, async () => {
  const project = makeFirmwareProject({
    'firmware/src/main.ts': [
      'function describe(n: number): string {',
      '  // a long boot-only function: its code is what the release frees',
      '  const words = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];',
      '  let out = "";',
      '  for (let i = 0; i < n; i++) out += words[i % 10] + (i % 3 === 0 ? "," : ";") + String(i * 7 + 3);',
      '  return out.length > 40 ? out.substr(0, 40) : out;',
      '}',
      'function report(): void {',
      '  print("used " + process.memory().usage);',
      '}',
      'const text = describe(12);',
      'print("boot " + text.length);',
      'setTimeout(report, 20);',
      '',
    ].join('\n'),
  });
  try {
    const usage = async (code: string): Promise<number> => {
      const run = await runOnEspruino(realEspruino!, code, { timeoutMs: 20_000 });
      assert.match(run.output, /^boot 40\nused \d+\n$/, run.output);
      return Number(/used (\d+)/.exec(run.output)![1]);
    };
    const built = await buildFirmware({ root: project.root, out: false });
    assert.match(built.code, /;\w+=void 0\}\)\(\);\s*$/, 'describe is released, report is not');
    const releasedUsage = await usage(built.code);
    // the same program with the release taken out keeps describe's code
    const keptUsage = await usage(built.code.replace(/;\w+=void 0(\}\)\(\);\s*)$/, '$1'));
    assert.ok(releasedUsage < keptUsage - 5, `released ${releasedUsage} JsVars, kept ${keptUsage}`);
  } finally {
    project.remove();
  }
});
