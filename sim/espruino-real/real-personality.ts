// The real Espruino interpreter as the board's Espruino: a Linux build of the same 2v29 source that runs on
// the ESP32 (same parser, regex engine, builtins, number formatting), run as the interactive REPL. What
// stays the board's own: the paced UART, the console's 4096-byte buffer with XON/XOFF (console-buffer.ts),
// Storage in the board's flash file (storage-image.ts), the radio and its faults (control-server.ts),
// resets and unplugging (each one kills the process: a new one starts at the next boot).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BoardServices, Personality, ProgramFault } from '../seam/personality.ts';
import { resolveOptions, type EspruinoOptions } from '../espruino/options.ts';
import { WifiRadio } from '../espruino/wifi.ts';
import { BlePeripheral } from '../espruino/ble.ts';
import { PinBank } from '../espruino/pins.ts';
import type { BleCentral, ConsoleFigures } from '../espruino/index.ts';
import { ConsoleBuffer } from './console-buffer.ts';
import { InterpreterProcess } from './interpreter-process.ts';
import { StorageImage } from './storage-image.ts';
import { ControlServer } from './control-server.ts';
import { BOARD_MODULE, BOOT_CODE, BOOT_FILE, boardModuleSource } from './esp32-modules.ts';

/** How often a running interpreter's Storage is copied into the board's flash (only if the file changed). */
const STORAGE_SYNC_MS = 500;

/** Until the previous process on the same flash has stopped and its Storage is back in the flash. */
const settling = new WeakMap<object, Promise<void>>();

function macText(mac: Uint8Array): string {
  return [...mac].map((b) => b.toString(16).padStart(2, '0')).join(':');
}

function btAddress(mac: Uint8Array): string {
  // the ESP32's Bluetooth address is the base MAC + 2 (ESP_MAC_BT)
  const n = (BigInt(`0x${Buffer.from(mac).toString('hex')}`) + 2n) & 0xffffffffffffn;
  return `${n.toString(16).padStart(12, '0').replace(/(..)(?!$)/g, '$1:')} public`;
}

export class RealEspruinoPersonality implements Personality {
  readonly ble: BleCentral;
  private readonly radio: WifiRadio;
  private readonly peripheral: BlePeripheral;
  /** The pins' levels and modes (the LED on GPIO2), written by the stand-ins. */
  private readonly pins: PinBank;
  private readonly rx: ConsoleBuffer;
  private readonly dir: string;
  private readonly storage: StorageImage;
  private process: InterpreterProcess | undefined;
  private control: ControlServer | undefined;
  private syncTimer: NodeJS.Timeout | undefined;
  private stopped = false;
  private stopping: Promise<void> | undefined;

  constructor(private readonly services: BoardServices, private readonly binary: string, options: EspruinoOptions = {}) {
    const resolved = resolveOptions(options);
    this.radio = new WifiRadio(resolved.ap, services.mac, resolved.timing, (e) => services.emit(e));
    this.peripheral = new BlePeripheral((e) => services.emit(e), btAddress(services.mac));
    this.pins = new PinBank((e) => services.emit(e), services.board.pins.led);
    const peripheral = this.peripheral;
    this.ble = {
      connect: (address) => peripheral.connect(address),
      disconnect: () => peripheral.disconnect(),
      subscribe: (service, ch) => peripheral.subscribe(service, ch),
      read: (service, ch) => peripheral.read(service, ch),
      write: (service, ch, data) => peripheral.write(service, ch, data),
      get notifications() { return peripheral.notifications; },
      get connected() { return peripheral.central !== null; },
    };
    this.rx = new ConsoleBuffer({
      forward: (data) => this.process?.write(data),
      flow: (byte) => services.uartWrite(Buffer.of(byte)),
    });
    this.dir = mkdtempSync(join(tmpdir(), 'espkit-espruino-'));
    this.storage = new StorageImage(services.flash, services.board, this.dir);
    const previous = settling.get(services.flash) ?? Promise.resolve();
    void previous.then(() => this.start()).catch((err: Error) => this.fail(`could not start the Espruino interpreter: ${err.message}`));
  }

  receive(data: Buffer): void {
    if (!this.stopped) this.rx.receive(data);
  }

  /** Kill the interpreter (SIGKILL), put its Storage back into the board's flash, remove its folder. */
  stop(): Promise<void> {
    if (this.stopping) return this.stopping;
    this.stopped = true;
    if (this.syncTimer) clearInterval(this.syncTimer);
    this.control?.close();
    // Copy Storage back at once (the board may close its flash file right after this call), and again once
    // the process is surely gone, in case it was writing when the signal came.
    const gone = this.process?.kill();
    if (gone) this.saveStorage(true);
    this.stopping = (async () => {
      if (gone) {
        await gone;
        this.saveStorage(false);
      }
      rmSync(this.dir, { recursive: true, force: true });
    })();
    settling.set(this.services.flash, this.stopping.catch(() => undefined));
    return this.stopping;
  }

  fault(fault: ProgramFault): void {
    if (fault.type === 'wifi-drop') this.radio.drop(fault.forMs);
    else if (fault.type === 'pin') this.pins.setInput(fault.pin, fault.level);
  }

  /** The access point vanishes (for `forMs`, or until the chip resets). */
  dropWifi(forMs?: number): void {
    this.radio.drop(forMs);
  }

  get console(): ConsoleFigures {
    return { lost: this.rx.lost, xoff: this.rx.flowCount.xoff, xon: this.rx.flowCount.xon, used: this.rx.used };
  }

  get wifiConnected(): boolean {
    return this.radio.connected;
  }

  /** The interpreter's process id while it runs (tests check that none is left behind). */
  get pid(): number | undefined {
    return this.process?.pid;
  }

  private async start(): Promise<void> {
    if (this.stopped) return;
    const control = await ControlServer.open({
      radio: this.radio,
      ble: this.peripheral,
      pins: this.pins,
      emit: (e) => this.services.emit(e),
      reboot: () => this.services.softReset('SW_CPU_RESET', 'flash'),
      consoleInput: (data) => this.receive(data),
    });
    if (this.stopped) return control.close();
    this.control = control;
    mkdirSync(join(this.dir, 'node_modules'));
    const source = boardModuleSource({ port: control.port, mac: macText(this.services.mac), bleAddress: this.peripheral.address });
    // leading spaces cost the program JsVars: the interpreter keeps a function's text
    writeFileSync(join(this.dir, 'node_modules', `${BOARD_MODULE}.js`), source.replace(/^ +/gm, ''));
    this.storage.load({ [BOOT_FILE]: BOOT_CODE });
    const process = new InterpreterProcess(this.binary, this.dir, {
      output: (data) => this.services.uartWrite(data),
      report: (fill, taken, lost) => this.rx.report(fill, taken, lost),
      exited: (code, signal, stderr) => {
        if (this.stopped) return;
        this.saveStorage(true);
        const why = signal ? `signal ${signal}` : `exit code ${code}`;
        this.services.emit({ type: 'espruino-exit', code, signal, stderr: stderr.trim().split('\n').slice(-3).join(' | ') });
        // the chip would reboot on a crash; a process that ends leaves the board with no program, said once
        this.services.uartWrite(`\r\n[espkit: the Espruino interpreter ended (${why})]\r\n`);
      },
    });
    this.process = process;
    this.services.emit({ type: 'espruino', interpreter: 'real', binary: this.binary, pid: process.pid, consoleBuffer: process.measured ? 'pipe' : 'unmeasured', consoleLock: process.locked });
    this.syncTimer = setInterval(() => this.saveStorage(false), STORAGE_SYNC_MS);
    this.syncTimer.unref();
  }

  private saveStorage(force: boolean): void {
    try {
      this.storage.save([BOOT_FILE], force);
    } catch (err) {
      this.services.emit({ type: 'error', where: 'espruino-storage', message: (err as Error).message });
    }
  }

  private fail(message: string): void {
    this.services.emit({ type: 'error', where: 'application', message });
    this.services.uartWrite(`\r\n[espkit: ${message}]\r\n`);
  }
}
