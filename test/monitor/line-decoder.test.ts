import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineDecoder } from '../../host/monitor/line-decoder.ts';
import { parseBootLine, ESP32_RESET_REASONS } from '../../host/monitor/reset-reasons.ts';
import { visibleLine } from '../../host/console/visible-line.ts';

test('the ROM reset line is named: power-on from flash, download mode, a software reset', () => {
  const d = new LineDecoder();
  const flash = d.decode('rst:0x1 (POWERON_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)');
  assert.equal(flash.level, 'notice');
  assert.equal(flash.boot?.reason?.name, 'POWERON_RESET');
  assert.equal(flash.boot?.bootMode, 'flash');
  assert.match(flash.notes[0]!, /^reset: POWERON_RESET \(0x1\): power-on, or the EN line.*; booting from flash$/);

  const download = d.decode('rst:0x1 (POWERON_RESET),boot:0x3 (DOWNLOAD_BOOT(UART0/UART1/SDIO_REI_REO_V2))');
  assert.equal(download.boot?.bootMode, 'download');
  assert.match(download.notes[0]!, /waits in download mode/);

  const sw = d.decode('rst:0xc (SW_CPU_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)');
  assert.equal(sw.level, 'warning');
  assert.match(sw.notes[0]!, /SW_CPU_RESET \(0xc\): software reset of the CPU: a panic, esp_restart\(\) or E\.reboot\(\)/);

  const brownout = d.decode('rst:0xf (RTCWDT_BROWN_OUT_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)');
  assert.match(brownout.notes[0]!, /brown-out/);
  assert.match(d.decode('rst:0x2a (WHATEVER),boot:0x13 (SPI_FAST_FLASH_BOOT)').notes[0]!, /unknown reset reason 0x2a/);
});

test('every reset code of the ROM table is distinct and parses back', () => {
  const codes = new Set(ESP32_RESET_REASONS.map((r) => r.code));
  assert.equal(codes.size, ESP32_RESET_REASONS.length);
  for (const r of ESP32_RESET_REASONS) {
    assert.equal(parseBootLine(`rst:0x${r.code.toString(16)} (${r.name}),boot:0x13 (SPI_FAST_FLASH_BOOT)`)?.reason?.name, r.name);
  }
  assert.equal(parseBootLine('first line of output'), undefined);
});

test('a Guru Meditation panic is named and explained, its register dump and backtrace marked as errors', () => {
  const d = new LineDecoder();
  const guru = d.decode("Guru Meditation Error: Core  0 panic'ed (LoadProhibited). Exception was unhandled.");
  assert.equal(guru.level, 'error');
  assert.match(guru.notes[0]!, /^panic on core 0: LoadProhibited: read from an invalid address \(often a NULL pointer\)/);
  assert.equal(d.decode('Core  0 register dump:').level, 'error');
  assert.equal(d.decode('PC      : 0x400d1234  PS      : 0x00060030  A0      : 0x800d5678').level, 'error');
  assert.equal(d.decode('Backtrace:0x400d1234:0x3ffb1f80 0x400d5678:0x3ffb1fa0').level, 'error');
  assert.match(d.decode('abort() was called at PC 0x400d1234 on core 1').notes[0]!, /abort\(\) on core 1 at 0x400d1234/);
  assert.match(d.decode('Brownout detector was triggered').notes[0]!, /brown-out/);
  assert.match(d.decode('E (5012) task_wdt: Task watchdog got triggered. The following tasks did not reset the watchdog in time:').notes[0]!, /task watchdog/);
});

test("Espruino's Uncaught report is an error from its first line to the caret, including the call chain", () => {
  const d = new LineDecoder();
  const lines = [
    'Uncaught Error: Oops',
    ' at line 1 col 23',
    'function f(){throw new Error("Oops")}',
    '                      ^',
    'in function "f" called from line 1 col 3',
    'f()',
    '  ^',
  ];
  const first = d.decode(lines[0]!);
  assert.equal(first.uncaught, true);
  for (const l of lines.slice(1)) assert.equal(d.decode(l).level, 'error', l);
  assert.equal(d.decode('>').level, 'plain');
  assert.equal(d.decode('f()').level, 'plain');
});

test('an Uncaught error printed by a callback over the prompt is still found', () => {
  const d = new LineDecoder();
  const raw = '>\r\x1b[JUncaught ReferenceError: "nope" is not defined';
  assert.equal(visibleLine(raw), 'Uncaught ReferenceError: "nope" is not defined');
  assert.equal(d.decode(raw).uncaught, true);
});

test('ESP-IDF log levels and Espruino warnings get their levels; ordinary lines stay plain', () => {
  const d = new LineDecoder();
  assert.equal(d.decode('E (1234) wifi: oops').level, 'error');
  assert.equal(d.decode('\x1b[0;33mW (99) phy: calibration\x1b[0m').level, 'warning');
  assert.equal(d.decode('I (29) boot: ESP-IDF v3.3').level, 'info');
  assert.equal(d.decode('WARNING: Module "x" not found').level, 'warning');
  assert.equal(d.decode('ERROR: Out of Memory!').level, 'error');
  assert.equal(d.decode('New interpreter error: CALLBACK').level, 'warning');
  assert.equal(d.decode('=undefined').level, 'plain');
  assert.equal(d.decode('waiting for download').level, 'notice');
});

test('visibleLine applies CR, backspace, cursor moves and erases like a one-row terminal', () => {
  assert.equal(visibleLine('abc\bX'), 'abX');
  assert.equal(visibleLine('hello\rJ'), 'Jello');
  assert.equal(visibleLine('hello\x1b[3DX\x1b[K'), 'heX');
  assert.equal(visibleLine('ab\x1b[2K\rcd'), 'cd');
  assert.equal(visibleLine('a\x1b[2Cb'), 'a  b');
  assert.equal(visibleLine('plain'), 'plain');
});
