// Espruino's interactive loop on the virtual board (src/jsinteractive.c): boot, the console, executing
// lines, reporting errors, and reset()/load()/save(). It is the Runtime the JavaScript session uses.
import type { BoardServices } from '../seam/personality.ts';
import type { ResolvedOptions } from './options.ts';
import { ESPRUINO_VERSION } from './options.ts';
import { FlashStorage, FLAG_COMPRESSED } from './flash-storage.ts';
import { WifiRadio } from './wifi.ts';
import { BlePeripheral } from './ble.ts';
import { PinBank } from './pins.ts';
import { ConsoleLine } from './console-line.ts';
import { BoardClock, ConsoleRx } from './console-rx.ts';
import { CTRL_C } from '../../core/espruino/console-bytes.ts';
import { Session, INTERRUPTED } from './session.ts';
import { CONSOLE_RESULT_FLAGS } from './format.ts';
import { uncaughtReport } from './uncaught.ts';
import { restoreWifi } from './api-wifi.ts';
import type { ConsoleDevice, Runtime } from './runtime.ts';

/** The banner jsiSemiInit prints (src/jsinteractive.c); "\e[?7l" turns off line wrap on non-Linux builds. */
const BANNER = '\x1b[?7l\n' +
  ' ____                 _ \n' +
  '|  __|___ ___ ___ _ _|_|___ ___ \n' +
  '|  __|_ -| . |  _| | | |   | . |\n' +
  '|____|___|  _|_| |___|_|_|_|___|\n' +
  '         |_| espruino.com\n' +
  ` ${ESPRUINO_VERSION} (c) 2021 G.Williams\n` +
  '\n' +
  'Espruino is Open Source. Our work is supported\n' +
  'only by sales of official boards and donations:\n' +
  'http://espruino.com/Donate\n';

const BOOTCODE = '.bootcde';
const BOOTCODE_RESET = '.bootrst';
const VARIMAGE = '.varimg';

/** Console text as bytes: Espruino strings are byte strings; anything wider goes out as UTF-8. */
function consoleBytes(text: string): Buffer {
  // eslint-disable-next-line no-control-regex
  return /[^\x00-\xff]/.test(text) ? Buffer.from(text, 'utf8') : Buffer.from(text, 'latin1');
}

function btAddress(mac: Uint8Array): string {
  // the ESP32's Bluetooth address is the base MAC + 2 (esp_read_mac ESP_MAC_BT)
  const n = (BigInt(`0x${Buffer.from(mac).toString('hex')}`) + 2n) & 0xffffffffffffn;
  return `${n.toString(16).padStart(12, '0').replace(/(..)(?!$)/g, '$1:')} public`;
}

export class Interpreter implements Runtime {
  readonly storage: FlashStorage;
  readonly wifi: WifiRadio;
  readonly ble: BlePeripheral;
  readonly pins: PinBank;
  readonly clock = new BoardClock();
  readonly rx: ConsoleRx;
  session: Session | undefined;

  private readonly line: ConsoleLine;
  private lineNumber = 0;
  private booted = false;
  private firstBoot = true;
  private echoOff = false;
  private device: ConsoleDevice = 'Serial1';
  private forced = false;
  private readonly uncaughtQueue: unknown[] = [];
  private readonly raisedFlags = new Set<string>();
  private reportedFlags = new Set<string>();
  private todo: { reset?: true; load?: { file?: string }; save?: true } = {};
  private cost = 0;
  private inJob = false;
  private muted = false;
  private rebooting = false;
  private stopped = false;
  private serialIn: number[] = [];
  private readonly timeAtWall: { board: number; wall: number };
  private bootTimer: NodeJS.Timeout | undefined;
  /** A reset()/load() in progress: the rest of it runs when the UART is back. */
  private restart: (() => void) | undefined;
  private restartTimer: NodeJS.Timeout | undefined;
  private loopPending: NodeJS.Immediate | undefined;

  constructor(readonly services: BoardServices, readonly options: ResolvedOptions) {
    const t = options.timing;
    this.storage = new FlashStorage(services.flash, services.board.storage.offset, services.board.storage.size, {
      wrote: (bytes) => this.charge((bytes * t.flashWriteUsPerByte) / 1000),
      erased: (pages) => this.charge(pages * t.flashEraseMsPerPage),
    });
    const emit = (e: Parameters<BoardServices['emit']>[0]): void => services.emit(e);
    this.wifi = new WifiRadio(options.ap, services.mac, t, emit);
    this.ble = new BlePeripheral(emit, btAddress(services.mac));
    this.pins = new PinBank(emit, services.board.pins.led);
    this.timeAtWall = { board: options.clockAtBootMs, wall: performance.now() };
    this.line = new ConsoleLine({
      write: (text) => this.write(text),
      echo: () => this.echo(),
      execute: (code) => this.executeLine(code),
    });
    this.rx = new ConsoleRx(this.clock, () => services.getChipBaud(), {
      take: (byte) => this.take(byte),
      interrupt: () => this.ctrlC(),
      idle: () => this.loop(),
      flow: (byte) => services.uartWrite(Uint8Array.of(byte)),
      overflowed: (count) => this.overflowed(count),
    });
    this.ble.hooks = {
      connection: (connected, address, reason) => this.bleConnection(connected, address, reason),
      uartInput: (data) => this.bleInput(data),
      written: (ch, data) => {
        if (ch.onWrite && this.session) {
          const s = this.session;
          s.invoke(ch.onWrite, undefined, [s.sandbox.object({ data: s.sandbox.bytes(data).buffer })]);
        }
      },
    };
    // targets/esp32/main.c: the WiFi settings are restored, then a 1 s pause before jsiInit
    this.rx.holdUntil(this.clock.now() + t.bootDelayMs);
    this.bootTimer = setTimeout(() => this.boot(), t.bootDelayMs);
  }

  // ---------------------------------------------------------------- Runtime

  boardTime(): number {
    return this.timeAtWall.board + (this.clock.now() - this.timeAtWall.wall);
  }

  setBoardTime(ms: number): void {
    this.timeAtWall.board = ms;
    this.timeAtWall.wall = this.clock.now();
  }

  print(text: string): void {
    this.line.removeInputLine();
    this.write(text);
  }

  charge(ms: number): void {
    if (this.inJob) this.cost += ms;
    else this.rx.holdUntil(this.clock.now() + ms); // work done outside a console line still blocks the console
  }

  uncaught(error: unknown): void {
    this.uncaughtQueue.push(error);
  }

  loopSoon(): void {
    if (this.loopPending || this.stopped) return;
    this.loopPending = setImmediate(() => {
      this.loopPending = undefined;
      this.loop();
    });
  }

  requestReset(clearFlash: boolean): void {
    this.todo.reset = true;
    if (clearFlash) {
      // reset(true) removes the saved code at once (jsfRemoveCodeFromFlash)
      this.print('Erasing saved code.');
      for (const f of [VARIMAGE, BOOTCODE, BOOTCODE_RESET]) this.storage.erase(f);
      this.print('\nDone!\n');
    }
  }

  requestLoad(file: string | undefined): void {
    this.todo.load = { file };
  }

  requestSave(): void {
    this.todo.save = true;
  }

  reboot(): void {
    if (this.rebooting) return;
    this.rebooting = true;
    this.muted = true; // nothing more comes out: the chip is restarting
    setImmediate(() => {
      if (!this.stopped) this.services.softReset('SW_CPU_RESET', 'flash');
    });
  }

  assertionFailed(what: string): void {
    this.print(`ASSERT(${what}) FAILED AT libs/network/socketserver.c\n`);
    this.reboot();
  }

  console(): ConsoleDevice {
    return this.device;
  }

  setConsole(device: ConsoleDevice, force: boolean): void {
    this.forced = force;
    if (device === this.device) return;
    const echo = this.echo();
    if (echo) {
      this.line.removeInputLine();
      this.write(`-> ${device}\n`);
    }
    const old = this.device;
    this.device = device;
    if (echo) this.write(`<- ${old}\n`);
  }

  setEcho(on: boolean): void {
    this.echoOff = !on;
  }

  takeErrorFlags(): string[] {
    const flags = [...this.raisedFlags];
    this.raisedFlags.clear();
    this.reportedFlags.clear();
    return flags;
  }

  serialWrite(data: Buffer): void {
    if (!this.muted) this.services.uartWrite(data);
  }

  // ---------------------------------------------------------------- the personality's inputs

  receive(data: Buffer): void {
    this.rx.receive(data);
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    if (this.bootTimer) clearTimeout(this.bootTimer);
    if (this.restartTimer) clearTimeout(this.restartTimer);
    if (this.loopPending) clearImmediate(this.loopPending);
    this.rx.stop();
    this.session?.stop();
    this.wifi.stop();
    this.ble.hooks = undefined;
  }

  // ---------------------------------------------------------------- console

  private echo(): boolean {
    return !this.echoOff && !this.line.echoOffForLine;
  }

  /** jsiConsolePrintString: '\n' goes out as "\r\n", to whichever device is the console. */
  private write(text: string): void {
    if (this.muted || this.stopped || text === '') return;
    const bytes = consoleBytes(text.replace(/\n/g, '\r\n'));
    if (this.device === 'Bluetooth') this.ble.uartOutput(bytes);
    else this.services.uartWrite(bytes);
  }

  /** One byte from the UART's input buffer; returns how long the interpreter is busy with it. */
  private take(byte: number): number {
    if (!this.booted) this.boot();
    if (this.restart) this.finishRestart();
    if (this.device !== 'Serial1') {
      this.serialIn.push(byte); // the console is elsewhere: UART bytes are Serial1 data
      return this.options.timing.charUs / 1000;
    }
    return this.consoleByte(byte);
  }

  /** A byte for the console, from whichever device it is on. */
  private consoleByte(byte: number): number {
    this.cost = this.options.timing.charUs / 1000;
    this.inJob = true;
    try {
      this.line.handle(byte);
    } finally {
      this.inJob = false;
    }
    return this.cost;
  }

  private ctrlC(): number {
    if (this.device === 'Serial1') this.line.clear(true);
    return this.options.timing.charUs / 1000;
  }

  private overflowed(count: number): void {
    this.raisedFlags.add('FIFO_FULL');
    this.services.emit({ type: 'uart-overflow', lost: count, total: this.rx.lost });
    this.loopSoon();
  }

  private executeLine(code: string): void {
    const t = this.options.timing;
    this.cost += t.evalMsPerLine + (code.length * t.evalUsPerByte) / 1000;
    if (code === '' || !this.session) return;
    const session = this.session;
    const filename = `repl-${++this.lineNumber}`;
    const r = session.run(code, filename, 'console');
    session.consoleCode.push(code);
    if (r.ok && this.echo()) this.write(`=${session.formatter.format(r.value, CONSOLE_RESULT_FLAGS)}\n`);
    if (!r.ok) this.uncaught(r.timedOut ? INTERRUPTED : r.error);
    this.checkErrors();
  }

  /** The end of jsiLoop: pending interpreter actions, errors, then the prompt comes back. */
  private loop(): void {
    if (this.stopped || !this.booted || this.restart) return;
    if (this.serialIn.length && this.session) {
      const data = Buffer.from(this.serialIn).toString('latin1');
      this.serialIn = [];
      this.session.events.dispatch(this.session.serial1, 'data', [data]);
    }
    this.runTodo();
    this.checkErrors();
    this.line.returnInputLine();
  }

  /** jsiCheckErrors: report uncaught exceptions, interruptions and new error flags. */
  private checkErrors(): void {
    const session = this.session;
    while (this.uncaughtQueue.length) {
      const error = this.uncaughtQueue.shift();
      if (error === INTERRUPTED) {
        this.print('Execution Interrupted\n');
        continue;
      }
      const process = session?.sandbox.global.process as object | undefined;
      if (session && process && session.events.has(process, 'uncaughtException')) {
        session.events.dispatch(process, 'uncaughtException', [error]);
        continue;
      }
      if (session) this.print(uncaughtReport(error, session.sources, session.positions));
    }
    const fresh = [...this.raisedFlags].filter((f) => !this.reportedFlags.has(f));
    if (fresh.length) {
      for (const f of fresh) this.reportedFlags.add(f);
      this.print(`New interpreter error: ${fresh.join(',')}\n`);
    }
  }

  // ---------------------------------------------------------------- boot, reset, load, save

  /** jsiInit(true): the first start after the chip boots from flash. */
  private boot(): void {
    if (this.booted || this.stopped) return;
    this.booted = true;
    if (this.bootTimer) clearTimeout(this.bootTimer);
    this.bootTimer = undefined;
    this.semiInit(true);
    this.loop();
  }

  /**
   * jsiSemiInit: a fresh interpreter. autoLoad (power-on) runs saved code; reset() and load(file) do not
   * load a RAM image. The banner is printed unless saved code was loaded.
   */
  private semiInit(autoLoad: boolean, loadedFile?: string): void {
    this.session = new Session(this);
    if (loadedFile !== undefined) this.session.defineGlobal('__FILE__', loadedFile);
    if (this.firstBoot) {
      if (!this.storage.isValid()) {
        this.print('Storage is corrupt.\nErasing Storage Area...\n');
        this.storage.eraseAll();
        this.print('Erase complete.\n');
      }
      restoreWifi(this.session);
    }
    const loadFlash = autoLoad && [VARIMAGE, BOOTCODE, BOOTCODE_RESET].some((f) => this.storage.find(f));
    if (loadFlash) this.loadRamImage();
    this.softInit(!autoLoad);
    if (this.echo()) {
      if (!loadFlash) this.write(BANNER);
      this.write('\n');
      this.line.removed = true;
    }
    this.firstBoot = false;
  }

  /** jsiSoftInit: boot code from Storage, then E.on('init') and onInit(). */
  private softInit(hasBeenReset: boolean): void {
    const s = this.session!;
    const files = this.firstBoot ? ['.bootPowerOn'] : [];
    files.push('.boot0', '.boot1', '.boot2', '.boot3');
    const reset = this.storage.find(BOOTCODE_RESET);
    if (reset) files.push(BOOTCODE_RESET);
    else if (!hasBeenReset) files.push(BOOTCODE);
    for (const f of files) this.runFile(f);
    const E = s.sandbox.global.E as object;
    s.events.dispatch(E, 'init', []);
    const onInit = s.sandbox.global.onInit;
    if (typeof onInit === 'function') {
      if (this.echo()) this.print('Running onInit()...\n');
      s.invoke(onInit, undefined, []);
    }
  }

  /** Evaluate a Storage file as code, if it exists. */
  private runFile(name: string): void {
    const s = this.session!;
    const code = this.storage.read(name);
    if (code === undefined) return;
    const text = code.toString('latin1');
    this.charge((text.length * this.options.timing.evalUsPerByte) / 1000);
    const r = s.run(text, name, 'storage');
    if (!r.ok) this.uncaught(r.timedOut ? INTERRUPTED : r.error);
  }

  private runTodo(): void {
    const todo = this.todo;
    this.todo = {};
    const rest = (): void => {
      if (todo.save) this.doSave();
      if (todo.load) this.doLoad(todo.load.file);
    };
    if (todo.reset) this.kill(() => {
      this.semiInit(false);
      rest();
    });
    else rest();
  }

  /**
   * The interpreter stops everything it runs; jshReset reinitialises the pins and the console UART, which
   * takes resetMs, during which received bytes are lost. Then `then` starts the new interpreter.
   */
  private kill(then: () => void): void {
    const s = this.session;
    if (s) {
      s.events.dispatch(s.sandbox.global.E as object, 'kill', []);
      s.stop();
    }
    this.checkErrors();
    this.session = undefined;
    this.pins.reset();
    const ms = this.options.timing.resetMs;
    this.rx.deafen(this.clock.now() + ms);
    this.restart = then;
    this.restartTimer = setTimeout(() => this.finishRestart(), ms);
  }

  private finishRestart(): void {
    const then = this.restart;
    if (!then || this.stopped) return;
    this.restart = undefined;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = undefined;
    this.rx.listen();
    then();
    this.loop();
  }

  private doLoad(file: string | undefined): void {
    this.kill(() => {
      if (file === undefined) {
        this.session = new Session(this);
        this.loadRamImage();
        this.softInit(false);
        return;
      }
      this.semiInit(false, file);
      this.runFile(file);
    });
  }

  /**
   * save(): Espruino stores its RAM image in the Storage file .varimg. The virtual board stores the code
   * typed since the last reset and replays it at power-on, which restores functions and variables.
   */
  private doSave(): void {
    const s = this.session!;
    if (this.storage.find(BOOTCODE)) {
      this.print('You have code saved with E.setBootCode or "Save on Send" (.bootcde): save() would not be loaded. Remove .bootcde first.\n');
      return;
    }
    this.print('Compacting Flash...\n');
    this.storage.erase(VARIMAGE);
    this.storage.compact();
    this.print('Calculating Size...\n');
    const image = Buffer.concat([Buffer.alloc(4), Buffer.from(s.consoleCode.join('\n'), 'latin1')]);
    this.print('Writing..');
    try {
      this.storage.write(VARIMAGE, image, 0, 0, FLAG_COMPRESSED);
      this.print(`\nCompressed ${this.options.jsVars * 16} bytes to ${image.length}\n`);
    } catch {
      this.print('\nNot enough free space to save. Try require(\'Storage\').eraseAll()\n');
    }
    this.softInit(false);
  }

  /** jsfLoadStateFromFlash: replay the saved code (quietly: only its state is restored). */
  private loadRamImage(): void {
    const image = this.storage.read(VARIMAGE);
    if (!image) return;
    this.print(`Loading ${image.length} bytes from flash...\n`);
    const code = image.subarray(4).toString('latin1');
    const wasMuted = this.muted;
    this.muted = true;
    try {
      for (const chunk of code.split('\n')) {
        if (chunk) this.session!.run(chunk, VARIMAGE, 'console');
      }
    } finally {
      this.muted = wasMuted;
    }
  }

  // ---------------------------------------------------------------- Bluetooth console

  private bleConnection(connected: boolean, address: string, reason?: number): void {
    const s = this.session;
    if (connected) {
      if (!this.forced && this.ble.uart) {
        this.line.clear(false);
        this.setConsole('Bluetooth', false);
      }
      if (s) s.events.dispatch(s.nrf, 'connect', [address]);
    } else {
      if (this.device === 'Bluetooth') {
        this.line.clear(false);
        if (!this.forced) this.setConsole('Serial1', false);
      }
      if (s) s.events.dispatch(s.nrf, 'disconnect', [reason ?? 0x13]);
    }
    this.loopSoon();
  }

  private bleInput(data: Buffer): void {
    if (this.device !== 'Bluetooth') return;
    for (const b of data) {
      if (b === CTRL_C) this.line.clear(true);
      else this.consoleByte(b);
    }
    this.loop();
  }
}
