// Device settings given on the command line: checked with a clear one-line message, secrets redacted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateSettings, redactSettings } from '../../host/espruino/settings.ts';
import { UsageError } from '../../core/errors.ts';

test('valid settings pass; a broker URL carries its credentials into the right keys', () => {
  const s = validateSettings({ ssid: 'lab', wifiPassword: 'pw123456', broker: 'mqtt://dev:p%40ss@10.0.0.2', device: 'door-1', prefix: 'lab/espkit', pin: '4321' });
  assert.deepEqual(s, { ssid: 'lab', wifiPassword: 'pw123456', broker: 'mqtt://10.0.0.2:1883', brokerUser: 'dev', brokerPassword: 'p@ss', device: 'door-1', prefix: 'lab/espkit', pin: '4321' });
  assert.deepEqual(validateSettings({ wifiPassword: '' }), { wifiPassword: '' }, 'an open network');
  assert.deepEqual(validateSettings({ pin: null }), { pin: null }, 'null removes a key');
});

test('bad settings are usage errors naming the option', () => {
  const cases: Array<[object, RegExp]> = [
    [{ ssid: 'x'.repeat(33) }, /^--wifi: /],
    [{ wifiPassword: 'short' }, /^--password: .*8 to 63/],
    [{ broker: 'mqtts://h:8883' }, /^--broker: .*plain MQTT/],
    [{ broker: 'not a url' }, /^--broker: .*not a URL/],
    [{ device: 'a/b' }, /^--device: /],
    [{ device: 'all' }, /^--device: .*reserved/],
    [{ device: 'Door' }, /^--device: /],
    [{ prefix: 'a/#' }, /^--prefix: /],
    [{ pin: '12' }, /^--pin: /],
  ];
  for (const [input, message] of cases) {
    assert.throws(() => validateSettings(input), (err: unknown) => err instanceof UsageError && message.test(err.message) && !err.message.includes('\n'), JSON.stringify(input));
  }
});

test('secrets never appear in what is printed', () => {
  const shown = JSON.stringify(redactSettings({ ssid: 'lab', wifiPassword: 'pw123456', brokerPassword: 'p@ss', pin: '4321' }));
  assert.ok(!/pw123456|p@ss|4321/.test(shown), shown);
  assert.match(shown, /"ssid":"lab"/);
});
