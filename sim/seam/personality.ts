// The seam between the virtual board's hardware (sim/: UART, flash, reset circuit, endpoints) and the
// program the chip is running: the ROM loader (sim/rom/) after a download-mode reset, or Espruino
// (sim/espruino/) after a flash boot with a valid application image.
import type { BoardProfile } from '../../core/board.ts';

/** The 4 MB SPI flash behind the chip, file-backed. */
export interface FlashStore {
  readonly size: number;
  read(offset: number, length: number): Buffer;
  /** NOR semantics are not modelled: a write stores the bytes as given. */
  write(offset: number, data: Uint8Array): void;
  /** Sets the range to 0xff. */
  erase(offset: number, length: number): void;
  /** Persist to the backing file now (also done on close). */
  sync(): void;
}

/** ESP32 reset reasons as the ROM prints them (rst:0x..). */
export type ResetReason = 'POWERON_RESET' | 'SW_CPU_RESET' | 'RTCWDT_RTC_RESET' | 'SW_RESET';

/** A structured event for tests and the JSON-lines stream (BLE, LED, pins, WiFi...). */
export interface BoardEvent {
  type: string;
  [key: string]: unknown;
}

/** What the hardware offers the running program. */
export interface BoardServices {
  readonly board: BoardProfile;
  readonly flash: FlashStore;
  /** The eFuse base MAC, 6 bytes. */
  readonly mac: Buffer;
  /** The device id derived from the MAC (e.g. "esp32-a1b2c3"). */
  readonly deviceId: string;
  /** Queue bytes on UART0 TX; the UART paces them at the chip's baud. */
  uartWrite(data: Uint8Array | string): void;
  /** The chip's UART baud (CHANGE_BAUDRATE in the loader changes it). */
  getChipBaud(): number;
  setChipBaud(baud: number): void;
  /** The program resets the chip itself (Espruino's E.reboot(), a panic, the stub's RUN_USER_CODE). */
  softReset(reason: ResetReason, mode: 'flash' | 'download'): void;
  /** Emit an observable event. */
  emit(event: BoardEvent): void;
}

/** A fault injected from outside the chip (tests, `espkit sim`), forwarded to the running program. */
export type ProgramFault =
  /** The access point drops the station and comes back after `forMs` (absent: it stays away until the board resets). */
  | { type: 'wifi-drop'; forMs?: number }
  /** Something outside drives an input pin (a button, a reed switch): watches on it fire. */
  | { type: 'pin'; pin: number; level: 0 | 1 };

/** The running program. A new one is created at every reset. */
export interface Personality {
  /** Bytes arriving on UART0 RX, already paced at the line rate. */
  receive(data: Buffer): void;
  /** Stop timers, sockets and anything else it started; called on reset, unplug and shutdown. */
  stop(): void | Promise<void>;
  /** A fault from outside (optional: programs without a radio ignore it). */
  fault?(fault: ProgramFault): void;
}
