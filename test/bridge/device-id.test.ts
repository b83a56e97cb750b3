import { test } from 'node:test';
import assert from 'node:assert/strict';
import { macFromSerial } from '../../host/bridge/device-id.ts';
import { deviceIdFromMac } from '../../core/wire/push.ts';

test("Espruino's getSerial() on an ESP32 reads back as the MAC and the agreed device id", () => {
  // jswrap_interface_getSerial prints the 6 MAC bytes as hex with a dash after every 4
  const mac = macFromSerial('240ac412-3456');
  assert.equal(mac, '24:0a:c4:12:34:56');
  assert.equal(deviceIdFromMac(mac), 'esp32-123456');
  assert.equal(macFromSerial(' 240AC4AB-CDEF\n'), '24:0a:c4:ab:cd:ef');
});

test('an answer that is not a MAC says so and points to --device', () => {
  assert.throws(() => macFromSerial('33FFD605-41573033-15720843'), /getSerial\(\) answered "33FFD605-41573033-15720843", which is not a MAC: is this an ESP32\? pass --device ID/);
  assert.throws(() => macFromSerial(''), /pass --device ID/);
});
