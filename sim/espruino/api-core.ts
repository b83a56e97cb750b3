// The global functions of Espruino that the firmware and the tools use (src/jswrap_interactive.c,
// src/jswrap_io.c, src/jswrap_process.c): print/console.log, timers, reset/load/save, time, pins, the
// Serial1 object and process.
import type { SessionApi } from './session-api.ts';
import { PIN_COUNT } from './pins.ts';
import { PRINT_FLAGS } from './format.ts';
import { ESPRUINO_VERSION } from './options.ts';
import { stringBytes } from './bytes.ts';

export function installCore(s: SessionApi): void {
  const { rt, sandbox } = s;
  const g = (name: string, value: unknown): void => s.defineGlobal(name, value);

  g('global', sandbox.global);

  // print / console.log: strings as they are, anything else as Espruino's JSON, separated by spaces
  const print = (...args: unknown[]): void => {
    const text = args.map((a) => (typeof a === 'string' ? a : s.formatter.format(a, PRINT_FLAGS))).join(' ');
    rt.print(`${text}\n`);
  };
  g('print', print);
  g('console', s.library({ log: print }));

  // timers
  g('setTimeout', (fn: unknown, ms: unknown, ...args: unknown[]) => s.timers.set(fn, ms, args, false));
  g('setInterval', (fn: unknown, ms: unknown, ...args: unknown[]) => s.timers.set(fn, ms, args, true));
  g('clearTimeout', (id?: unknown) => s.timers.clear(id, true));
  g('clearInterval', (id?: unknown) => s.timers.clear(id, false));
  g('changeInterval', (id: unknown, ms: unknown) => s.timers.change(id, ms));

  // the interpreter (these only take effect when the current line has finished, as on a board)
  g('reset', (clearFlash?: unknown) => rt.requestReset(Boolean(clearFlash)));
  g('load', (file?: unknown) => rt.requestLoad(file === undefined ? undefined : String(file)));
  g('save', () => rt.requestSave());
  g('echo', (on: unknown) => rt.setEcho(Boolean(on)));
  g('dump', () => undefined);
  g('setBusyIndicator', () => undefined);
  g('setSleepIndicator', () => undefined);
  g('setDeepSleep', () => undefined);

  // time: the board's clock starts at power-on unless set
  g('getTime', () => rt.boardTime() / 1000);
  g('setTime', (t: unknown) => rt.setBoardTime(Number(t) * 1000));

  // getSerial: the chip's serial number, its MAC on the ESP32, as hex with a dash every 4 bytes
  g('getSerial', () => {
    const hex = [...rt.services.mac].map((b) => b.toString(16).padStart(2, '0'));
    return `${hex.slice(0, 4).join('')}-${hex.slice(4).join('')}`;
  });

  // base64 on byte strings
  g('btoa', (data: unknown) => stringBytes(String(data)).toString('base64'));
  g('atob', (data: unknown) => {
    const text = String(data);
    if (/[^A-Za-z0-9+/=\s]/.test(text)) s.fail('Invalid base64 string');
    return Buffer.from(text, 'base64').toString('latin1');
  });

  // pins
  const pins = s.pins;
  const Pin = function Pin(this: unknown, n: unknown): object {
    return pins.pin(pins.pinOf(n));
  };
  Pin.prototype = pins.prototype;
  g('Pin', Pin);
  for (let n = 0; n < PIN_COUNT; n++) g(`D${n}`, pins.pin(n));
  g('digitalWrite', (pin: unknown, value: unknown) => pins.digitalWrite(pin, value));
  g('digitalRead', (pin: unknown) => pins.digitalRead(pin));
  g('pinMode', (pin: unknown, mode: unknown) => pins.pinMode(pin, mode));
  g('getPinMode', (pin: unknown) => pins.getPinMode(pin));
  g('digitalPulse', (pin: unknown, value: unknown, time: unknown) => {
    const n = pins.pinOf(pin);
    rt.services.emit({ type: 'pin-pulse', pin: n, value: value ? 1 : 0, ms: time });
  });
  g('analogRead', (pin: unknown) => {
    pins.pinOf(pin);
    return 0;
  });
  g('analogWrite', (pin: unknown, value: unknown) => {
    rt.services.emit({ type: 'pin-analog', pin: pins.pinOf(pin), value: Number(value) });
  });
  g('setWatch', (fn: unknown, pin: unknown, options: unknown) => pins.setWatch(fn, pin, options));
  g('clearWatch', (id?: unknown) => pins.clearWatch(id));

  // Serial1: UART0. Its 'data' events get the console's bytes only while the console is elsewhere.
  const serial1 = s.library({
    write: (...data: unknown[]) => rt.serialWrite(Buffer.concat(data.map((d) => stringBytes(typeof d === 'string' ? d : String(d))))),
    print: (text: unknown) => rt.serialWrite(stringBytes(String(text))),
    println: (text: unknown) => rt.serialWrite(stringBytes(`${String(text)}\r\n`)),
    setup: (baud: unknown) => {
      const b = Number(baud);
      if (Number.isInteger(b) && b > 0) rt.services.setChipBaud(b);
    },
    setConsole: (force?: unknown) => rt.setConsole('Serial1', Boolean(force)),
  });
  g('Serial1', serial1);
  s.serial1 = serial1;

  // process
  const process = s.library({
    memory: () => {
      const total = rt.options.jsVars;
      const usage = Math.min(total, s.memoryUsage());
      return sandbox.data({ free: total - usage, usage, total, history: 0, gc: 0, gctime: 0, blocksize: 16 });
    },
  }, {
    version: ESPRUINO_VERSION,
    env: sandbox.data({
      VERSION: ESPRUINO_VERSION,
      BUILD_DATE: 'Jan 1 2026',
      BOARD: 'ESP32',
      CHIP: 'ESP32',
      CHIP_FAMILY: 'ESP32',
      FLASH: 0,
      RAM: 524288,
      SERIAL: [...rt.services.mac].map((b) => b.toString(16).padStart(2, '0')).join(''),
      CONSOLE: 'Serial1',
      MODULES: 'Wifi,net,Storage,heatshrink',
    }),
  });
  g('process', process);
}
