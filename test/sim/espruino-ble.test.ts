// BLE on the virtual ESP32: the NRF GATT server seen from the simulated central (16-bit characteristic
// UUIDs, notifications, writes with onWrite), and the Nordic UART taking the console while connected.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BenchBoard } from '../../sim/espruino/bench-board.ts';
import { NUS_SERVICE } from '../../sim/espruino/index.ts';

const FAST = { timing: { bootDelayMs: 5 } };

async function ready(): Promise<BenchBoard> {
  const b = new BenchBoard({ espruino: FAST });
  await b.waitFor(/>$/);
  b.clearOutput();
  return b;
}

const SERVICES = `NRF.setServices({
  0xbcde: {
    "12345678-0001-4000-8000-00805f9b34fb": { value: "hi", readable: true, notify: true },
    0xabcd: { value: [0], writable: true, onWrite: function (evt) { print("wrote", new Uint8Array(evt.data).join(",")); } }
  }
}, { uart: false });`;

test('a central sees the services with 16-bit characteristic UUIDs, gets notifications and its writes reach onWrite', async () => {
  const b = await ready();
  try {
    b.send(`\x10${SERVICES.replace(/\n/g, ' ')}\n`);
    b.send('\x10NRF.on("connect", function (addr) { print("central", addr); }); NRF.on("disconnect", function (r) { print("gone", r); }); print("ready")\n');
    await b.waitFor('ready');
    assert.ok(b.events.some((e) => e.type === 'ble-services'));
    const central = b.personality.ble;
    central.connect('11:22:33:44:55:66');
    await b.waitFor('central 11:22:33:44:55:66');
    assert.doesNotMatch(b.output, /-> Bluetooth/, 'with uart:false the console stays on the serial port');

    // the 128-bit characteristic UUID kept only its bytes 12-13 ("1234[5678]-..."): 0x5678
    assert.equal(central.read('bcde', '5678').toString(), 'hi');
    assert.equal(central.read('0xBCDE', '12345678-0001-4000-8000-00805f9b34fb').toString(), 'hi');
    central.subscribe('bcde', '5678');
    b.send('\x10NRF.updateServices({ 0xbcde: { "12345678-0001-4000-8000-00805f9b34fb": { value: "push #1", notify: true } } })\n');
    await b.until(() => central.notifications[0], 2000, 'a notification');
    assert.equal(central.notifications[0]!.data.toString(), 'push #1');
    assert.equal(central.read('bcde', '5678').toString(), 'push #1');

    central.write('bcde', 'abcd', Buffer.from([1, 2, 250]));
    await b.waitFor('wrote 1,2,250');
    assert.throws(() => central.write('bcde', '5678', 'x'), /not writable/);

    // setServices is skipped while a central is connected (ESP32)
    b.send('\x10NRF.setServices({ 0x1111: { 0x2222: { value: "new", readable: true } } }, { uart: false })\n');
    b.send('\x10print("set")\n');
    await b.waitFor('set');
    assert.throws(() => central.read('1111', '2222'), /no characteristic/);

    central.disconnect();
    await b.waitFor(/gone \d+/);
  } finally {
    await b.close();
  }
});

test('with the Nordic UART on (the default) a connected central takes the console', async () => {
  const b = await ready();
  try {
    const central = b.personality.ble;
    central.connect();
    await b.waitFor('-> Bluetooth\r\n');
    central.subscribe(NUS_SERVICE, '6e400003-b5a3-f393-e0a9-e50e24dcca9e');
    await new Promise((r) => setTimeout(r, 20)); // the interpreter's loop brings the prompt back first
    b.clearOutput();
    central.write(NUS_SERVICE, '6e400002-b5a3-f393-e0a9-e50e24dcca9e', '6*7\n');
    const over = await b.until(() => {
      const text = Buffer.concat(central.notifications.map((n) => n.data)).toString('latin1');
      return text.includes('=42') ? text : undefined;
    }, 2000, 'the answer over BLE');
    assert.match(over, /6\*7\r\n=42\r\n/);
    assert.ok(central.notifications.every((n) => n.data.length <= 20), 'Nordic UART notifications carry at most 20 bytes');
    b.send('1+1\n'); // the serial port is not the console now
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(b.output, '', 'nothing answers on the serial port while the console is on Bluetooth');
    central.disconnect();
    await b.waitFor('<- Bluetooth\r\n');
    b.clearOutput();
    b.send('2+2\n');
    await b.waitFor('=4');
  } finally {
    await b.close();
  }
});
