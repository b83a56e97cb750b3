// The Espruino facts (core/espruino) against the real interpreter: every global and member said missing is
// missing, every one said present is present, every regex claim gives the recorded result (and Node agrees
// exactly where the claim says "supported"), and every semantic difference still shows on the board and in
// Node. The probe programs are generated from the facts tables, so the two cannot drift apart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import vm from 'node:vm';
import { runOnEspruino } from '../../core/espruino/binary.ts';
import { builtinsProbe, differencesProbe, parseProbeOutput, regexProbe, type Expectations } from '../../core/espruino/probe.ts';
import { REGEX_CLAIMS } from '../../core/espruino/regex.ts';
import { needsRealEspruino, realEspruino } from '../helpers/espruino.ts';

async function onBoard(program: string): Promise<Map<string, string>> {
  const run = await runOnEspruino(realEspruino!, program, { timeoutMs: 30_000 });
  assert.equal(run.timedOut, false, 'the probe did not finish');
  return parseProbeOutput(run.output);
}

/** Run a probe program in Node (a child process, so timers run as in any Node program). */
function inNode(program: string): Map<string, string> {
  const r = spawnSync(process.execPath, ['-e', `globalThis.print = (s) => console.log(String(s));\n${program}`], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return parseProbeOutput(r.stdout);
}

function compare(seen: Map<string, string>, expected: Expectations, where: string): void {
  const wrong: string[] = [];
  for (const [key, want] of expected) {
    const got = seen.get(key);
    if (got !== want) wrong.push(`${key}: the facts say ${JSON.stringify(want)}, ${where} gives ${got === undefined ? 'nothing (the probe stopped?)' : JSON.stringify(got)}`);
  }
  assert.deepEqual(wrong, [], `facts that are wrong (${where}):\n${wrong.join('\n')}`);
}

test('every global, static and method the facts name is present or missing on the real interpreter as they say', { skip: needsRealEspruino }, async () => {
  const { program, expected } = builtinsProbe();
  compare(await onBoard(program), expected, 'the real interpreter');
});

test('every regex claim gives the recorded result on the real interpreter', { skip: needsRealEspruino }, async () => {
  const { program, expected } = regexProbe();
  compare(await onBoard(program), expected, 'the real interpreter');
});

test('Node agrees with the board on exactly the regex forms the facts call supported', () => {
  const seen = inNode(regexProbe().program);
  for (const c of REGEX_CLAIMS) {
    const node = seen.get(`regex:${c.id}`);
    if (c.status === 'supported') assert.equal(node, c.board, `${c.id}: supported, so Node should agree with the board`);
    else assert.notEqual(node, c.board, `${c.id}: marked ${c.status} but Node gives the board's result: the claim is not a difference`);
  }
});

test('every semantic difference still shows on the real interpreter', { skip: needsRealEspruino }, async () => {
  const { program, board } = differencesProbe();
  compare(await onBoard(program), board, 'the real interpreter');
});

test('every semantic difference gives the recorded result in Node', () => {
  const { program, node } = differencesProbe();
  compare(inNode(program), node, 'Node');
});

test('the probe programs parse as plain scripts', () => {
  for (const p of [builtinsProbe().program, regexProbe().program, differencesProbe().program]) new vm.Script(p);
});
