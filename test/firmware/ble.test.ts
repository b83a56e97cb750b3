// BLE provisioning on the firmware, driven by the virtual board's simulated central: writes are joined
// into lines, nothing is accepted before the PIN, wrong PINs lock it, and "save" stores the settings and
// restarts into them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BenchBoard } from '../../sim/espruino/bench-board.ts';
import { byteLiteral } from '../../host/espruino/literal.ts';
import { firmware } from './device.ts';

/** Espruino on a memory board running the firmware from .bootcde with `settings`. */
async function boardWithFirmware(settings: object): Promise<BenchBoard> {
  const b = new BenchBoard({ espruino: { timing: { bootDelayMs: 5 } } });
  await b.waitFor(/>$/);
  const code = await firmware();
  b.send(`\x10require("Storage").writeJSON("espkit.json",${JSON.stringify(settings)});var f=""\n`);
  // lines well under the 4 KB input buffer
  for (let at = 0; at < code.length; at += 1200) b.send(`\x10f+=${byteLiteral(code.subarray(at, at + 1200))}\n`);
  b.clearOutput();
  b.send('\x10require("Storage").write(".bootcde",f);load()\n');
  await b.waitFor(/espkit ready bench-1 /);
  return b;
}

/** Write a line to the provisioning characteristic in 20-byte pieces, as a phone would. */
function say(b: BenchBoard, line: string): void {
  const bytes = Buffer.from(`${line}\n`);
  for (let at = 0; at < bytes.length; at += 20) b.personality.ble.write('ec00', 'ec02', bytes.subarray(at, at + 20));
}

/** The provisioning answers received so far. */
function answers(b: BenchBoard): string[] {
  return b.personality.ble.notifications.filter((n) => n.characteristic === 'ec02').map((n) => n.data.toString());
}

async function answered(b: BenchBoard, count: number): Promise<string[]> {
  await b.waitForEvent(() => answers(b).length >= count, 5000).catch(() => assert.fail(`expected ${count} answers, got ${JSON.stringify(answers(b))}`));
  return answers(b);
}

test('provisioning needs the PIN, locks after three wrong ones, and saves settings then restarts into them', async () => {
  const b = await boardWithFirmware({ device: 'bench-1', pin: '2468' });
  try {
    assert.match(b.output, /espkit ble advertising espkit-bench-1/);
    assert.match(b.output, /espkit wifi no network set/);
    const central = b.personality.ble;
    central.connect();
    central.subscribe('ec00', 'ec02');
    say(b, 'set ssid nope');
    assert.deepEqual(await answered(b, 1), ['error pin first']);
    say(b, 'pin 1111');
    say(b, 'pin 2468');
    assert.deepEqual((await answered(b, 3)).slice(1), ['error wrong pin', 'ok']);
    say(b, 'set ssid home-network-2');
    say(b, 'set wifiPassword a-long-wifi-secret');
    say(b, 'set colour blue');
    assert.deepEqual((await answered(b, 6)).slice(3), ['ok', 'ok', 'error unknown key']);
    b.clearOutput();
    say(b, 'save');
    assert.equal((await answered(b, 7))[6], 'saved');
    await b.waitFor(/espkit wifi connecting to home-network-2/, 5000);
    assert.doesNotMatch(b.output, /a-long-wifi-secret/, 'the password is not printed');
  } finally {
    b.personality.stop();
  }
});

test('three wrong PINs lock provisioning; without a PIN it is off', async () => {
  const b = await boardWithFirmware({ device: 'bench-1', pin: '2468' });
  try {
    b.personality.ble.connect();
    b.personality.ble.subscribe('ec00', 'ec02');
    for (const pin of ['0000', '1234', '9999', '2468']) say(b, `pin ${pin}`);
    assert.deepEqual(await answered(b, 4), ['error wrong pin', 'error wrong pin', 'error wrong pin', 'error locked']);
  } finally {
    b.personality.stop();
  }
  const open = await boardWithFirmware({ device: 'bench-1' });
  try {
    open.personality.ble.connect();
    open.personality.ble.subscribe('ec00', 'ec02');
    say(open, 'pin 2468');
    assert.deepEqual(await answered(open, 1), ['error no pin set']);
  } finally {
    open.personality.stop();
  }
});
