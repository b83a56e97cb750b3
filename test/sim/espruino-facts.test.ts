// The virtual board's sandbox (the JavaScript language of its model) against the facts module: it lacks exactly what core/espruino says Espruino
// lacks (apart from what V8 will not let go, and what V8 itself needs: KEPT_IN_SANDBOX), and it keeps
// everything the facts say Espruino has. The facts themselves are checked on the real interpreter by
// test/espruino/facts-probe.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import vm from 'node:vm';
import { builtinsProbe } from '../../core/espruino/probe.ts';
import { STANDARD_GLOBALS } from '../../core/espruino/facts.ts';
import { KEPT_IN_SANDBOX, Sandbox } from '../../sim/espruino/sandbox.ts';

/** Is this member a permanent (non-configurable) property in a fresh V8 realm? Then no sandbox can remove it. */
function permanentInV8(key: string): boolean {
  const m = /^(static|method):(\w+)\.(\w+)$/.exec(key);
  if (!m) return false;
  const holder = m[1] === 'static' ? m[2]! : `${m[2]!}.prototype`;
  const d = vm.runInNewContext(`Object.getOwnPropertyDescriptor(${holder}, ${JSON.stringify(m[3])})`) as PropertyDescriptor | undefined;
  return d !== undefined && d.configurable === false;
}

test('the sandbox has exactly what the facts say Espruino has, and lacks what it lacks', () => {
  const sandbox = new Sandbox(1000, { now: () => 0, unhandledRejection: () => {} });
  const { program, expected } = builtinsProbe();
  const seen = new Map<string, string>();
  (sandbox.global as Record<string, unknown>).print = (line: string): void => {
    const m = /^([a-z]+:[^=]+)=(.*)$/.exec(String(line));
    if (m) seen.set(m[1]!, m[2]!);
  };
  const run = sandbox.run(program, 'probe.js');
  assert.ok(run.ok, `the probe failed in the sandbox: ${run.ok ? '' : String(run.error)}`);
  const wrong: string[] = [];
  for (const [key, want] of expected) {
    const got = seen.get(key);
    if (got === want) continue;
    // Espruino's own API (E, setTimeout, require...) is the interpreter's, installed after the sandbox
    if (key.startsWith('global:') && want === '1' && !STANDARD_GLOBALS.includes(key.slice('global:'.length))) continue;
    if (want === '0' && (KEPT_IN_SANDBOX[key] !== undefined || permanentInV8(key))) continue;
    wrong.push(`${key}: Espruino ${want === '1' ? 'has' : 'lacks'} it, the sandbox ${got === '1' ? 'has' : got === '0' ? 'lacks' : 'did not say'} it`);
  }
  assert.deepEqual(wrong, [], wrong.join('\n'));
});
