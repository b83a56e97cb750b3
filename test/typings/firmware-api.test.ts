// The generated typings in use: firmware that drives the ESP32's peripherals type-checks, APIs of other
// Espruino boards do not, and the typings agree with the compiler's refusals.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { makeFirmwareProject } from '../build/fixture.ts';
import { createFirmwareProgram, readFirmwareConfig, typeDiagnostics } from '../../host/build/typecheck.ts';
import { MISSING_GLOBALS, MISSING_METHODS, MISSING_STATICS } from '../../core/espruino/facts.ts';

const typesDir = fileURLToPath(new URL('../../firmware/types/', import.meta.url));

function typeErrors(source: string): string[] {
  const fx = makeFirmwareProject({ 'firmware/src/main.ts': source });
  try {
    const config = readFirmwareConfig(join(fx.root, 'firmware/tsconfig.json'));
    const fp = createFirmwareProgram(join(fx.root, 'firmware/src/main.ts'), config, false);
    return typeDiagnostics(fp, fx.root).map((d) => `${d.line}: ${d.message}`);
  } finally {
    fx.remove();
  }
}

const PERIPHERALS = `
setWatch((e) => { print(e.state, e.time); }, D0, { repeat: true, edge: 'falling', debounce: 50 });
I2C1.setup({ scl: D22, sda: D21, bitrate: 400000 });
I2C1.writeTo(0x3c, [0x00, 0xaf]);
const bytes: Uint8Array = I2C1.readFrom(0x3c, 2);
SPI1.setup({ sck: D14, mosi: D13, baud: 1000000 });
SPI1.send([1, 2, 3], D15);
Serial2.setup(9600, { rx: D16, tx: D17 });
Serial2.on('data', (d) => print(d));
const ow = new OneWire(D4);
ow.search();
const celsius: number = E.getTemperature();
ESP32.deepSleep(1000000);
const wifi = require('Wifi');
wifi.scan((networks) => print(networks.length));
wifi.startAP('espkit', { password: 'password1', authMode: 'wpa2' }, (err) => print(err));
require('http').get('http://example.com/', (res) => { res.on('data', (d: string) => print(d)); });
setTimeout((a: number, b: string) => print(a, b), 100, 1, 'x');
analogWrite(D25, 0.5, { freq: 1000 });
digitalPulse(D2, true, [10, 20]);
digitalWrite(D2, 1);
const w = new Waveform(128, { doubleBuffer: true });
w.startOutput(D25, 8000);
const flash = require('Flash');
flash.erasePage(0x3f0000);
require('neopixel').write(D5, [255, 0, 0]);
require('Storage').write('x', 'y');
const crypto = require('crypto');
crypto.SHA256('text');
print(bytes.length, celsius, LED1, BTN1, HIGH);
`;

test('firmware using the ESP32 peripherals, WiFi, http, timers with arguments and Storage type-checks', () => {
  assert.deepEqual(typeErrors(PERIPHERALS), []);
});

test('APIs of other Espruino boards are type errors on the ESP32', () => {
  const cases: Array<[string, RegExp]> = [
    ['Puck.light();', /Cannot find name 'Puck'/],
    ['Pixl.setContrast(0.5);', /Cannot find name 'Pixl'/],
    ['Bangle.buzz();', /Cannot find name 'Bangle'/],
    ['E.getBattery();', /Property 'getBattery' does not exist/],
    ['NRF.nfcURL("http://espruino.com");', /Property 'nfcURL' does not exist/],
    ['const usb = USB;', /Cannot find name 'USB'/],
    ['const d40 = D40;', /Cannot find name 'D40'/],
    ['const s4 = Serial4;', /Cannot find name 'Serial4'/],
    ['const i3 = I2C3;', /Cannot find name 'I2C3'/],
    ['const esp = require("ESP8266");', /./],
  ];
  for (const [code, expected] of cases) {
    const errors = typeErrors(code);
    if (code.includes('ESP8266')) {
      // not built in: it falls to the module-library overload (any), which espkit build resolves or refuses
      assert.deepEqual(errors, [], code);
      continue;
    }
    assert.ok(errors.some((e) => expected.test(e)), `${code} should be a type error matching ${expected}, got ${JSON.stringify(errors)}`);
  }
});

test('the typings name a bad argument: a string where a pin goes is a type error', () => {
  const errors = typeErrors('digitalWrite("D2", 1);');
  assert.ok(errors.some((e) => /TS2345/.test(e)), JSON.stringify(errors));
});

/** Top-level globals, and members added to the lib's interfaces, over every file of firmware/types. */
function declared(): { globals: Set<string>; members: Map<string, Set<string>> } {
  const globals = new Set<string>();
  const members = new Map<string, Set<string>>();
  for (const file of readdirSync(typesDir).filter((f) => f.endsWith('.d.ts'))) {
    const sf = ts.createSourceFile(file, readFileSync(join(typesDir, file), 'utf8'), ts.ScriptTarget.ES2022, true);
    for (const s of sf.statements) {
      if (ts.isVariableStatement(s)) for (const d of s.declarationList.declarations) globals.add((d.name as ts.Identifier).text);
      else if (ts.isFunctionDeclaration(s) && s.name) globals.add(s.name.text);
      else if (ts.isInterfaceDeclaration(s)) {
        const set = members.get(s.name.text) ?? new Set<string>();
        for (const m of s.members) if (m.name && ts.isIdentifier(m.name)) set.add(m.name.text);
        members.set(s.name.text, set);
      }
    }
  }
  return { globals, members };
}

test('nothing the compiler refuses is typed', () => {
  const { globals, members } = declared();
  for (const name of Object.keys(MISSING_GLOBALS)) assert.ok(!globals.has(name), `${name} is refused (MISSING_GLOBALS) but firmware/types declares it`);
  for (const [owner, missing] of Object.entries(MISSING_METHODS)) {
    for (const name of Object.keys(missing)) assert.ok(!members.get(owner)?.has(name), `${owner}.prototype.${name} is refused but firmware/types adds it to ${owner}`);
  }
  // statics live on the lib's constructor interfaces (ObjectConstructor) or on the object's own (Math, JSON)
  for (const [owner, missing] of Object.entries(MISSING_STATICS)) {
    for (const name of Object.keys(missing)) {
      for (const iface of [`${owner}Constructor`, owner]) assert.ok(!members.get(iface)?.has(name), `${owner}.${name} is refused but firmware/types adds it to ${iface}`);
    }
  }
});

test('every typed global is one the compiler accepts', () => {
  const errors = typeErrors('');
  assert.deepEqual(errors, []);
  const { globals } = declared();
  for (const name of globals) assert.equal(MISSING_GLOBALS[name], undefined, `${name} is typed but refused`);
});
