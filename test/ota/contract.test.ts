// The firmware's copy of the OTA names (firmware/src/ota-contract.ts, topics.ts) equals the wire contract
// (core/wire/ota.ts) and the boot code's (host/espruino/boot.ts); the boot code is recognised by deploy in
// both its forms. Runs in Node: these are constants and text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as device from '../../firmware/src/ota-contract.ts';
import { topicsFor } from '../../firmware/src/topics.ts';
import * as wire from '../../core/wire/ota.ts';
import { activeSlot, bootCode, bootStub, CONFIRM_FUNCTION, MAX_TRIAL_BOOTS, ROLLBACK_FILE, SLOTS, TRIAL_FILE } from '../../host/espruino/boot.ts';

test('the firmware mirrors the OTA wire contract and the boot code names', () => {
  assert.equal(device.OTA_MAX_CHUNK, wire.OTA_MAX_CHUNK);
  assert.equal(device.OTA_DEFAULT_TRIAL_MS, wire.OTA_DEFAULT_TRIAL_MS);
  assert.equal(device.OTA_STATE_EVERY_CHUNKS, wire.OTA_STATE_EVERY_CHUNKS);
  assert.equal(MAX_TRIAL_BOOTS, wire.OTA_MAX_TRIAL_BOOTS);
  assert.equal(device.TRIAL_FILE, TRIAL_FILE);
  assert.equal(device.ROLLBACK_FILE, ROLLBACK_FILE);
  assert.equal(device.OTA_CONFIRM, CONFIRM_FUNCTION);
  // the firmware's OtaState type and the contract's list are the same set
  const states: device.OtaState[] = [...wire.OTA_STATES];
  const back: wire.OtaState[] = states;
  assert.deepEqual(back, ['downloading', 'verifying', 'trial', 'updated', 'failed', 'rolled-back']);
  for (const [prefix, id] of [['espkit', 'esp32-a1b2c3'], ['fleet/eu', 'door-7']] as const) {
    const t = topicsFor(prefix, id, 0);
    assert.equal(t.manifest, wire.otaManifestTopic(prefix));
    assert.equal(t.otaGet, wire.otaGetTopic(prefix, id));
    assert.equal(t.otaChunk, wire.otaChunkTopic(prefix, id));
    assert.equal(t.otaState, wire.otaStateTopic(prefix, id));
  }
});

test('deploy recognises the trial boot code and the one-line stubs of boards deployed before it', () => {
  for (const slot of SLOTS) {
    assert.equal(activeSlot(bootCode(slot)), slot);
    assert.equal(activeSlot(bootStub(slot)), slot);
    // confirming a trial is one replace of the quoted slot name: the result is the other slot's boot code
    const other = slot === 'espkit.a' ? 'espkit.b' : 'espkit.a';
    assert.equal(bootCode(slot).replace(`"${slot}"`, `"${other}"`), bootCode(other));
    assert.ok(bootCode(slot).includes(CONFIRM_FUNCTION));
  }
  // an earlier trial boot code (another body, the same frame) is still read for its slot
  const earlier = 'var __espkit=(function(S,a){return{s:a}})(require("Storage"),"espkit.b");\neval(require("Storage").read(__espkit.s));\n';
  assert.equal(activeSlot(earlier), 'espkit.b');
  assert.equal(activeSlot('print("hello")'), undefined);
  assert.equal(activeSlot(null), undefined);
});
