// Globals of Espruino 2v29 on the ESP32 that the firmware uses (https://www.espruino.com/Reference).
// Only what the board really has: the compiler's checks refuse anything else (core/espruino/builtins.ts).

/** A GPIO pin (D0..D39 on the ESP32). */
interface Pin {
  read(): boolean;
  write(value: boolean | number): void;
  set(): void;
  reset(): void;
  toggle(): boolean;
  mode(mode: PinMode): void;
  getMode(): PinMode;
  getInfo(): { port: string; num: number; [key: string]: unknown };
}
type PinMode = 'analog' | 'input' | 'input_pullup' | 'input_pulldown' | 'output' | 'opendrain' | 'af_output' | 'af_opendrain' | 'auto';
declare const Pin: { new (value: number): Pin; (value: number): Pin };

declare const D0: Pin; declare const D1: Pin; declare const D2: Pin; declare const D3: Pin; declare const D4: Pin;
declare const D5: Pin; declare const D12: Pin; declare const D13: Pin; declare const D14: Pin; declare const D15: Pin;
declare const D16: Pin; declare const D17: Pin; declare const D18: Pin; declare const D19: Pin; declare const D21: Pin;
declare const D22: Pin; declare const D23: Pin; declare const D25: Pin; declare const D26: Pin; declare const D27: Pin;
declare const D32: Pin; declare const D33: Pin; declare const D34: Pin; declare const D35: Pin; declare const D36: Pin;
declare const D39: Pin;

declare function digitalWrite(pin: Pin | Pin[], value: boolean | number): void;
declare function digitalRead(pin: Pin | Pin[]): number;
declare function digitalPulse(pin: Pin, value: boolean, time: number | number[]): void;
declare function pinMode(pin: Pin, mode?: PinMode, automatic?: boolean): void;
declare function getPinMode(pin: Pin): PinMode;
declare function analogRead(pin: Pin): number;
declare function analogWrite(pin: Pin, value: number, options?: { freq?: number; soft?: boolean; forceSoft?: boolean }): void;

/** Seconds since the board started (or since setTime), with sub-millisecond resolution. */
declare function getTime(): number;
declare function setTime(time: number): void;

declare function setTimeout(callback: () => void, ms?: number): number;
declare function setInterval(callback: () => void, ms?: number): number;
declare function clearTimeout(id?: number): void;
declare function clearInterval(id?: number): void;
declare function changeInterval(id: number, ms: number): void;

/** Print a line on the console (like console.log with one argument, no formatting). */
declare function print(text: unknown): void;

interface Console {
  log(...data: unknown[]): void;
  warn(...data: unknown[]): void;
  error(...data: unknown[]): void;
  info(...data: unknown[]): void;
  debug(...data: unknown[]): void;
}
declare const console: Console;

/** Restart the interpreter and run `file` from Storage (default: the boot code). */
declare function load(file?: string): void;
/** Clear RAM without running the saved code. */
declare function reset(clearFlash?: boolean): void;

interface ProcessMemory {
  free: number;
  usage: number;
  total: number;
  history: number;
  gc: number;
  gctime: number;
  blocksize: number;
}
interface Process {
  readonly version: string;
  readonly env: { VERSION: string; BOARD: string; [key: string]: unknown };
  memory(gc?: boolean): ProcessMemory;
  on(event: 'uncaughtException', callback: (error: unknown) => void): void;
}
declare const process: Process;

interface EspruinoE {
  /** CRC32 of a string or byte array (the checksum deploy compares). */
  CRC32(data: string | ArrayLike<number> | ArrayBuffer): number;
  /** Bytes (or any array-like of char codes) as a binary string: the replacement for TextDecoder. */
  toString(...data: Array<string | number | ArrayLike<number> | ArrayBuffer>): string;
  /** A binary string as bytes: the replacement for TextEncoder. */
  toUint8Array(...data: Array<string | number | ArrayLike<number> | ArrayBuffer>): Uint8Array;
  toJS(value: unknown): string;
  on(event: 'init' | 'kill', callback: () => void): void;
  on(event: 'errorFlag', callback: (flags: string[]) => void): void;
  getErrorFlags(): string[];
  setBootCode(code: string, alwaysExec?: boolean): void;
  reboot(): void;
  hwRand(): number;
  getTemperature(): number;
  getSizeOf(value: unknown, depth?: number): number;
  enableWatchdog(timeout: number, isAuto?: boolean): void;
  kickWatchdog(): void;
  setConsole(device: string | null, options?: { force?: boolean }): void;
  getConsole(): string;
}
declare const E: EspruinoE;
