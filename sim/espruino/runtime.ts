// What the interpreter offers the JavaScript world it runs (the session): the board's hardware, its
// console and the interpreter actions that JavaScript can ask for (reset, load, save, reboot).
import type { BoardServices } from '../seam/personality.ts';
import type { ResolvedOptions } from './options.ts';
import type { FlashStorage } from './flash-storage.ts';
import type { WifiRadio } from './wifi.ts';
import type { BlePeripheral } from './ble.ts';
import type { PinBank } from './pins.ts';

export type ConsoleDevice = 'Serial1' | 'Bluetooth';

export interface Runtime {
  readonly services: BoardServices;
  readonly options: ResolvedOptions;
  readonly storage: FlashStorage;
  readonly wifi: WifiRadio;
  readonly ble: BlePeripheral;
  readonly pins: PinBank;

  /** Milliseconds on the board's clock (what Date.now() returns). */
  boardTime(): number;
  setBoardTime(ms: number): void;

  /** print()/console.log: take the input line off the console, then write (jsiConsolePrint). */
  print(text: string): void;
  /** Add modelled time (flash writes, erases) to the job being run. */
  charge(ms: number): void;
  /** Report a thrown value as "Uncaught ..." at the end of the interpreter's loop. */
  uncaught(error: unknown): void;
  /** The program asked for the interpreter's loop to run (after a callback printed or failed). */
  loopSoon(): void;

  requestReset(clearFlash: boolean): void;
  requestLoad(file: string | undefined): void;
  requestSave(): void;
  /** E.reboot(): the chip restarts (SW_CPU_RESET). */
  reboot(): void;
  /** An interpreter assertion: print it and restart the chip, as the firmware's assert does. */
  assertionFailed(what: string): void;

  console(): ConsoleDevice;
  setConsole(device: ConsoleDevice, force: boolean): void;
  setEcho(on: boolean): void;
  /** Names of the error flags raised since the last E.getErrorFlags(). */
  takeErrorFlags(): string[];
  /** Serial1.write while the console is elsewhere. */
  serialWrite(data: Buffer): void;
}
