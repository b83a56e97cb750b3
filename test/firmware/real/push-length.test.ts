// The limit on a push message counts characters (Unicode code points) on both sides: the host refuses a longer
// message before sending it (core/wire/push.ts makePush) and the device refuses it on arrival with a nack
// (firmware/src/push.ts). Checked with the compiled firmware on the real Espruino interpreter, the payloads
// arriving over a real broker as the UTF-8 bytes a host sends: "€" (3 bytes), "Tür" (a 2-byte "ü") and an emoji
// (4 bytes), at the limit of 100 and one past it; for every message the host's verdict and the device's agree.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import mqtt from 'mqtt';
import { realEspruino, needsRealEspruino } from '../../helpers/espruino.ts';
import { startAedes } from '../../../bench/support/brokers.ts';
import { makePush, DEFAULT_MAX_MESSAGE } from '../../../core/wire/push.ts';
import { builtCode, startOnEspruino } from '../../../bench/support/firmware-harness.ts';

const DEVICE = 'esp32-len001';
const EMOJI = '\u{1F600}';
const MESSAGES: Array<[id: string, msg: string]> = [
  ['euro100', '€'.repeat(100)],
  ['euro101', '€'.repeat(101)],
  ['tuer100', 'Tür '.repeat(25)],
  ['tuer101', 'Tür '.repeat(25) + 'x'],
  ['emoji100', EMOJI.repeat(100)],
  ['emoji101', EMOJI.repeat(101)],
  ['mixed100', 'a'.repeat(97) + '€ü' + EMOJI],
  ['mixed101', 'a'.repeat(98) + '€ü' + EMOJI],
  // more bytes than the limit in a few characters: 3 bytes each, so 34 "€" are over 100 bytes
  ['euro34', '€'.repeat(34)],
];

/** Does the host send this message under the default limit? */
function hostTakes(msg: string): boolean {
  try {
    makePush(msg, { maxLength: DEFAULT_MAX_MESSAGE });
    return true;
  } catch {
    return false;
  }
}

test('on the real interpreter, the device counts a message as the host does: "€", "Tür" and an emoji at and past the limit of 100', { skip: needsRealEspruino, timeout: 60_000 }, async () => {
  const broker = await startAedes();
  const run = startOnEspruino(realEspruino!, {
    code: await builtCode(),
    settings: { ssid: 'lab', wifiPassword: 'secret123', broker: broker.url, device: DEVICE, prefix: 'espkit' },
  });
  const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${broker.port}`, { clientId: 'espkit-test-len' });
  try {
    await run.waitFor(/^espkit mqtt connected/);
    const answers = new Map<string, string>();
    let settled: () => void = () => {};
    const done = new Promise<void>((resolve) => (settled = resolve));
    client.on('message', (topic, payload) => {
      const body = JSON.parse(payload.toString()) as { id: string; reason?: string };
      answers.set(body.id, topic.endsWith('/receipt') ? 'delivered' : `refused: ${body.reason}`);
      if (answers.size === MESSAGES.length) settled();
    });
    await client.subscribeAsync([`espkit/${DEVICE}/receipt`, `espkit/${DEVICE}/nack`], { qos: 1 });
    // the body as makePush writes it, also for the messages the host itself would refuse
    for (const [id, msg] of MESSAGES) await client.publishAsync(`espkit/${DEVICE}/push`, JSON.stringify({ id, msg, ts: Date.now(), ttl: 60 }), { qos: 1 });
    await done;
    const expected = new Map(MESSAGES.map(([id, msg]) => [id, hostTakes(msg) ? 'delivered' : `refused: msg longer than ${DEFAULT_MAX_MESSAGE}`]));
    assert.deepEqual(Object.fromEntries(answers), Object.fromEntries(expected));
    assert.equal(expected.get('euro100'), 'delivered', 'the host takes 100 characters of 300 bytes');
    assert.equal(expected.get('emoji101'), `refused: msg longer than ${DEFAULT_MAX_MESSAGE}`);
    assert.deepEqual(run.lines.filter((l) => /Uncaught|Error|oversized/.test(l)), [], 'no error on the console');
  } finally {
    await client.endAsync();
    await run.stop();
    await broker.close();
  }
});
