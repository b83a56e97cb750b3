// The OTA client travels at the end of the firmware file in a comment the boot skips (host/build/on-demand.ts):
// the project's firmware carries it once, after the marker the firmware looks for, outside the budget, and a
// part that would close the comment early is refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ON_DEMAND_MARK as firmwareMark, ON_DEMAND_GLOBAL } from '../../firmware/src/on-demand-contract.ts';
import { ON_DEMAND_END, ON_DEMAND_MARK, carryOnDemand } from '../../host/build/on-demand.ts';
import { firmware } from '../firmware/device.ts';

test('the firmware carries its OTA client after the marker, at the end of its file', async () => {
  assert.equal(firmwareMark, ON_DEMAND_MARK);
  const code = (await firmware()).toString('latin1');
  const at = code.lastIndexOf(ON_DEMAND_MARK);
  // the firmware's own copy of the marker is a string literal in its code, before this one
  assert.ok(at > 0 && code[at - 1] === '\n', 'the last marker starts a line');
  assert.ok(code.endsWith(ON_DEMAND_END));
  const part = code.slice(at + ON_DEMAND_MARK.length, code.length - ON_DEMAND_END.length);
  assert.ok(part.includes(ON_DEMAND_GLOBAL) && part.includes('ota/get') === false, 'the part sets its global (topics come from the firmware)');
  assert.ok(at <= 16384 - 800, `the firmware's own code is ${at} bytes, at least 800 under the 16384-byte budget`);
});

test('a part that would end the comment early is refused', () => {
  assert.throws(() => carryOnDemand('print(1);\n', 'var s="*/";\n'), /contains "\*\/"/);
  assert.equal(carryOnDemand('print(1);\n', 'print(2);'), `print(1);\n${ON_DEMAND_MARK}print(2);\n${ON_DEMAND_END}`);
});
