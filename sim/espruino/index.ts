// The Espruino runtime of the virtual DevBoard: what runs after a flash boot with a valid application
// image. `startEspruino(services, options)` returns the running program (a Personality) with the
// controls tests and the sim's fault injection use: a WiFi drop, the simulated BLE central, input pins
// and the console's flow-control figures.
import type { BoardServices, Personality, ProgramFault } from '../seam/personality.ts';
import { resolveOptions, type EspruinoOptions } from './options.ts';
import { Interpreter } from './interpreter.ts';
import type { Notification } from './ble.ts';

export type { EspruinoOptions, AccessPoint, EspruinoTiming } from './options.ts';
export { DEFAULT_TIMING, ESPRUINO_VERSION } from './options.ts';
export { NUS_SERVICE } from './ble.ts';

/** The simulated BLE central: it connects to the board and uses its GATT services. */
export interface BleCentral {
  /** Connect (the board must be advertising). */
  connect(address?: string): void;
  disconnect(): void;
  /** Enable notifications of a characteristic (UUIDs as Espruino takes them: "abcd", 0xabcd, 128-bit). */
  subscribe(service: string, characteristic: string): void;
  read(service: string, characteristic: string): Buffer;
  write(service: string, characteristic: string, data: Buffer | string): void;
  /** Notifications received on subscribed characteristics, oldest first. */
  readonly notifications: readonly Notification[];
  readonly connected: boolean;
}

/** How the console's input buffer has fared. */
export interface ConsoleFigures {
  /** Bytes lost because the 4096-byte buffer was full. */
  lost: number;
  /** XOFF and XON bytes sent. */
  xoff: number;
  xon: number;
  /** Bytes waiting now. */
  used: number;
}

export class EspruinoPersonality implements Personality {
  readonly ble: BleCentral;
  private readonly interpreter: Interpreter;

  constructor(services: BoardServices, options: EspruinoOptions = {}) {
    this.interpreter = new Interpreter(services, resolveOptions(options));
    const peripheral = this.interpreter.ble;
    this.ble = {
      connect: (address) => peripheral.connect(address),
      disconnect: () => peripheral.disconnect(),
      subscribe: (service, ch) => peripheral.subscribe(service, ch),
      read: (service, ch) => peripheral.read(service, ch),
      write: (service, ch, data) => peripheral.write(service, ch, data),
      get notifications() {
        return peripheral.notifications;
      },
      get connected() {
        return peripheral.central !== null;
      },
    };
  }

  receive(data: Buffer): void {
    this.interpreter.receive(data);
  }

  stop(): void {
    this.interpreter.stop();
  }

  /**
   * The access point vanishes (for `forMs`, or until the chip resets): the station reports 'disconnected'
   * and does not reconnect by itself, even once the access point is back.
   */
  dropWifi(forMs?: number): void {
    this.interpreter.wifi.drop(forMs);
  }

  /** A fault from outside, forwarded by the board (sim/board.ts injectProgramFault). */
  fault(fault: ProgramFault): void {
    if (fault.type === 'wifi-drop') this.dropWifi(fault.forMs);
    else if (fault.type === 'pin') this.setPin(fault.pin, fault.level);
  }

  /** Drive an input pin from outside (a button press on GPIO0...). */
  setPin(pin: number, level: 0 | 1): void {
    this.interpreter.pins.setInput(pin, level);
  }

  get console(): ConsoleFigures {
    const rx = this.interpreter.rx;
    return { lost: rx.lost, xoff: rx.flowCount.xoff, xon: rx.flowCount.xon, used: rx.used };
  }

  get wifiConnected(): boolean {
    return this.interpreter.wifi.connected;
  }
}

/** Start Espruino on the board (called at every flash boot with a valid application image). */
export function startEspruino(services: BoardServices, options?: EspruinoOptions): EspruinoPersonality {
  return new EspruinoPersonality(services, options);
}
