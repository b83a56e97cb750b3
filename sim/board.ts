// One virtual ESP32 DevKit: flash file, eFuse MAC, UART0 with its wires, the auto-reset circuit, the endpoints
// hosts connect to, and whatever program the chip runs after each reset (the ROM loader, esptool's stub, or
// Espruino). Power-on, EN resets, software resets, unplug/replug and faults all go through here.
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { BoardProfile } from '../core/board.ts';
import { flashBytes } from '../core/board.ts';
import { EspkitError } from '../core/errors.ts';
import type { ModemSignals } from '../core/link.ts';
import { loadApplication, type ApplicationOptions, type StartApplication } from './application.ts';
import { bootFromFlash } from './boot/flash-boot.ts';
import { installPlaceholderFirmware } from './boot/placeholder-images.ts';
import { resetBanner } from './boot/rom-messages.ts';
import type { BoardSide } from './endpoints/board-side.ts';
import { PtyEndpoint } from './endpoints/pty-endpoint.ts';
import { Rfc2217Codec } from './endpoints/rfc2217-codec.ts';
import { TcpEndpoint } from './endpoints/tcp-endpoint.ts';
import { FaultInjector, type LineFaults } from './seam/faults.ts';
import { FileFlash } from './flash-file.ts';
import { deviceIdFromMac, efuseFileFor, formatMac, resolveMac } from './identity.ts';
import { EspruinoPersonality, type BleCentral } from './espruino/index.ts';
import { RealEspruinoPersonality } from './espruino-real/real-personality.ts';
import { chooseInterpreter, describeInterpreter, type EspruinoChoice, type InterpreterInfo } from './espruino-real/interpreter-choice.ts';
import type { BoardEvent, BoardServices, Personality, ProgramFault, ResetReason } from './seam/personality.ts';
import { AutoResetCircuit } from './reset-circuit.ts';
import type { LoaderServices } from './rom/loader-base.ts';
import { RegisterSpace } from './rom/registers.ts';
import { RomLoader } from './rom/rom-loader.ts';
import { ChipUart, type HostPort, type HostSink } from './uart/chip-uart.ts';
import { UartClock } from './uart/uart-clock.ts';

export type BootMode = 'download' | 'flash';

export interface BoardOptions {
  /** The board profile (default: boards/esp32-devkit.json, loaded by the caller). */
  profile: BoardProfile;
  /** Flash file; default a fresh temporary file, deleted on close. */
  flashFile?: string;
  /** eFuse MAC ("24:0a:c4:12:34:56" or 6 bytes); default stored beside the flash file or derived from its path. */
  mac?: string | Uint8Array;
  /** Pace bytes at the baud (default true); false delivers as fast as the machine goes, for tests. */
  pacing?: boolean;
  /**
   * GPIO0 where no modem lines drive it: 'download' holds the BOOT button down (every reset enters the ROM
   * loader, as over socket:// in emulators), 'flash' (default) leaves it released.
   */
  boot?: BootMode;
  /** TCP ports on 127.0.0.1; 0 (default) picks free ones. */
  socketPort?: number;
  rfc2217Port?: number;
  /** A pseudo-terminal through socat: true for a path in the temp folder, or the path of the link to create. */
  pty?: boolean | string;
  /** Options for the Espruino runtime (access point, timing...). */
  application?: ApplicationOptions;
  /** Run this instead of Espruino after a flash boot (tests of the hardware alone). */
  startApplication?: StartApplication;
  /** Write placeholder bootloader/partition/app images if the flash has no application, so it boots Espruino. */
  installEspruino?: boolean;
  /** Power on at start (default true). */
  powerOn?: boolean;
  /**
   * Which Espruino runs after a flash boot: 'real' (the interpreter binary; an error without one), 'model'
   * (sim/espruino/, the default here), or 'auto' (the real one when a binary is found). espkit sim, the demo and
   * the firmware tests ask for 'auto'.
   */
  espruino?: EspruinoChoice;
  /** The interpreter binary (else $ESPKIT_ESPRUINO, else the cache folder: core/espruino/binary.ts). */
  espruinoBin?: string;
  /**
   * Whether the flasher stub keeps the baud the ROM ran at when it was uploaded (default true, as esptool's
   * stubs do). false: the stub programs the divider for 115200 at its start, so a baud raised in the ROM is
   * lost the moment the stub runs and the stub greets at 115200 (the flasher must then start over).
   */
  stubKeepsBaud?: boolean;
}

export interface BoardPorts {
  socket: string;
  rfc2217: string;
  /** Path of the pseudo-terminal, when one was asked for and socat is there. */
  pty?: string;
}

/** Where the chip is. */
export type ChipState = 'off' | 'reset' | 'running' | 'hung';

/** An event as the board reports it: the program's or the hardware's, stamped with board and time. */
export interface StampedEvent extends BoardEvent {
  device: string;
  /** Seconds since the board started. */
  t: number;
}

const OUTPUT_KEEP = 1 << 20;
const openFlashFiles = new Set<string>();

export class VirtualBoard extends EventEmitter implements BoardSide {
  readonly profile: BoardProfile;
  readonly mac: Buffer;
  readonly deviceId: string;
  readonly flashFile: string;
  readonly flash: FileFlash;
  readonly pacing: boolean;
  /** The Espruino this board runs after a flash boot, chosen once at start. */
  readonly interpreter: InterpreterInfo;
  private readonly ownsFlashDir: string | undefined;
  private readonly clock = new UartClock();
  private readonly faults = new FaultInjector();
  private readonly uart: ChipUart;
  private readonly circuit: AutoResetCircuit;
  private readonly startedAt = performance.now();
  private socketEndpoint: TcpEndpoint | undefined;
  private rfc2217Endpoint: TcpEndpoint | undefined;
  private ptyEndpoint: PtyEndpoint | undefined;
  private linesOwner: HostPort | undefined;
  private program: Personality | undefined;
  private generation = 0;
  private replugTimer: NodeJS.Timeout | undefined;
  private output: Buffer[] = [];
  private outputLength = 0;
  private outputDropped = 0;
  private closed = false;
  state: ChipState = 'off';
  /** What runs now: the ROM loader, a stub, the application, or nothing. */
  running: 'rom' | 'stub' | 'application' | 'none' = 'none';
  /** The boot mode of the last reset. */
  mode: BootMode = 'flash';
  private strap = 0x13;

  private constructor(private readonly options: BoardOptions) {
    super();
    this.profile = options.profile;
    this.pacing = options.pacing ?? true;
    this.interpreter = options.startApplication ? { kind: 'model' } : chooseInterpreter(options.espruino ?? 'model', options.espruinoBin);
    if (options.flashFile) {
      this.flashFile = resolve(options.flashFile);
    } else {
      this.ownsFlashDir = mkdtempSync(join(tmpdir(), 'espkit-sim-'));
      this.flashFile = join(this.ownsFlashDir, 'flash.bin');
    }
    if (openFlashFiles.has(this.flashFile)) throw new EspkitError(`flash file ${this.flashFile} is already used by another virtual board in this process; give each board its own`);
    this.flash = FileFlash.open(this.flashFile, flashBytes(this.profile));
    openFlashFiles.add(this.flashFile);
    try {
      this.mac = resolveMac(this.flashFile, options.mac);
    } catch (err) {
      this.releaseFlash();
      throw err;
    }
    this.deviceId = deviceIdFromMac(this.mac);
    if (options.installEspruino) installPlaceholderFirmware(this.flash, this.profile);
    this.uart = new ChipUart({
      paced: this.pacing,
      clock: this.clock,
      faults: this.faults,
      onReceive: (data) => this.program?.receive(data),
      onTransmit: (data) => this.tapOutput(data),
    });
    this.circuit = new AutoResetCircuit({
      onHold: () => this.holdInReset(),
      onRelease: (gpio0Low) => this.powerOnReset('POWERON_RESET', gpio0Low),
    });
    this.circuit.setBootButton(options.boot === 'download');
  }

  /** Start a board: open its flash, listen on its endpoints, power it on. */
  static async start(options: BoardOptions): Promise<VirtualBoard> {
    const board = new VirtualBoard(options);
    try {
      board.socketEndpoint = await TcpEndpoint.listen('socket', board, options.socketPort ?? 0);
      board.rfc2217Endpoint = await TcpEndpoint.listen('rfc2217', board, options.rfc2217Port ?? 0, (socket, side) => new Rfc2217Codec(socket, side));
      if (options.pty) {
        const path = typeof options.pty === 'string' ? resolve(options.pty) : join(tmpdir(), `espkit-${board.deviceId}-${board.socketEndpoint.port}`);
        board.ptyEndpoint = await PtyEndpoint.open(board, path, (reason) => {
          board.ptyEndpoint = undefined;
          board.emitEvent({ type: 'pty-failed', reason });
        });
      }
    } catch (err) {
      await board.close();
      throw err;
    }
    if (options.powerOn ?? true) board.powerOnReset('POWERON_RESET', board.circuit.gpio0Low);
    return board;
  }

  get ports(): BoardPorts {
    return {
      socket: this.socketEndpoint?.url ?? '',
      rfc2217: this.rfc2217Endpoint?.url ?? '',
      ...(this.ptyEndpoint ? { pty: this.ptyEndpoint.path } : {}),
    };
  }

  /** "Espruino: real interpreter 2v29 (...)" or "Espruino: model (...)", for people. */
  get interpreterLine(): string {
    return describeInterpreter(this.interpreter);
  }

  get macAddress(): string {
    return formatMac(this.mac);
  }

  /** The chip's current UART baud (from its clock and divider). */
  get chipBaud(): number {
    return this.clock.baud;
  }

  /** The DTR/RTS levels the reset circuit sees. */
  get signals(): ModemSignals {
    return this.circuit.signals;
  }

  /** Resolves once the pseudo-terminal can be opened (socat starts again after each program closes it). */
  whenPtyReady(): Promise<void> {
    return this.ptyEndpoint?.ready() ?? Promise.resolve();
  }

  /** How many host connections are attached now. */
  get connections(): number {
    return this.uart.attached.length;
  }

  // ---- controls --------------------------------------------------------------------------------------------

  /** Press and release EN (the RESET button). `boot` holds or releases BOOT for this and later resets. */
  reset(options: { boot?: BootMode } = {}): void {
    if (options.boot) this.circuit.setBootButton(options.boot === 'download');
    if (this.state === 'off' || this.closed) return;
    this.holdInReset();
    this.powerOnReset('POWERON_RESET', this.circuit.gpio0Low);
  }

  /** Hold (true) or release the BOOT button (GPIO0 low at the next reset). */
  setBootButton(held: boolean): void {
    this.circuit.setBootButton(held);
  }

  /**
   * Faults on the wire: dropped or flipped bytes at a rate, named loader packets lost, or a host USB-UART that
   * cannot run above a baud (sim/seam/faults.ts). Each call replaces all earlier faults.
   */
  setFaults(faults: LineFaults): void {
    this.faults.set(faults);
    const event: BoardEvent = { type: 'faults', dropRate: faults.dropRate ?? 0, flipRate: faults.flipRate ?? 0, direction: faults.direction ?? 'both' };
    if (faults.losePackets) event.losePackets = { op: faults.losePackets.op, nth: [...faults.losePackets.nth] };
    if (faults.maxBaud !== undefined) event.maxBaud = faults.maxBaud;
    this.emitEvent(event);
  }

  clearFaults(): void {
    this.faults.clear();
    this.emitEvent({ type: 'faults', dropRate: 0, flipRate: 0, direction: 'both' });
  }

  /** Bytes lost and flipped by faults so far, and the whole packets `losePackets` took out (their bytes count as dropped). */
  get faultCounts(): { dropped: number; flipped: number; lostPackets: number } {
    return { dropped: this.faults.dropped, flipped: this.faults.flipped, lostPackets: this.faults.lostPackets };
  }

  /** Pull the USB cable: every connection closes, the chip loses power. `replugAfterMs` plugs it back in. */
  unplug(options: { replugAfterMs?: number } = {}): void {
    if (this.closed) return;
    if (this.replugTimer) clearTimeout(this.replugTimer);
    this.replugTimer = undefined;
    if (this.state !== 'off') {
      this.stopProgram();
      this.state = 'off';
      this.running = 'none';
      this.uart.purgeTx();
      this.uart.purgeRx();
      this.emitEvent({ type: 'unplug' });
    }
    this.linesOwner = undefined;
    this.circuit.setLines({ dtr: false, rts: false });
    this.socketEndpoint?.dropConnections();
    this.rfc2217Endpoint?.dropConnections();
    this.ptyEndpoint?.dropConnections();
    if (options.replugAfterMs !== undefined) {
      this.replugTimer = setTimeout(() => { this.replugTimer = undefined; this.replug(); }, options.replugAfterMs);
    }
  }

  /** Plug the cable back in: power-on reset. */
  replug(): void {
    if (this.closed || this.state !== 'off') return;
    this.emitEvent({ type: 'replug' });
    this.powerOnReset('POWERON_RESET', this.circuit.gpio0Low);
  }

  /** Forward a fault to the running program (e.g. the access point goes away). */
  injectProgramFault(fault: ProgramFault): void {
    this.emitEvent({ ...fault, type: 'program-fault', fault: fault.type });
    this.program?.fault?.(fault);
  }

  /**
   * A phone in range: the simulated BLE central of the Espruino program running now (undefined while the
   * ROM loader runs or the chip is off). A new program after a reset has a new central.
   */
  get ble(): BleCentral | undefined {
    return this.program instanceof EspruinoPersonality || this.program instanceof RealEspruinoPersonality ? this.program.ble : undefined;
  }

  /** Drive GPIO `pin` from outside, as a button or a reed switch would: the program's watches on it fire. */
  setPin(pin: number, level: 0 | 1): void {
    this.injectProgramFault({ type: 'pin', pin, level });
  }

  /** The access point drops the board (and comes back after `forMs`, if given). */
  wifiDrop(forMs?: number): void {
    this.injectProgramFault({ type: 'wifi-drop', ...(forMs !== undefined ? { forMs } : {}) });
  }

  // ---- observing -------------------------------------------------------------------------------------------

  /** Everything the chip printed (as latin1 text) since start or clearOutput(); the last 1 MB at most. */
  outputText(): string {
    return Buffer.concat(this.output).toString('latin1');
  }

  clearOutput(): void {
    this.output = [];
    this.outputLength = 0;
  }

  /** Resolves with the output once `pattern` appears in it (checked against outputText()). */
  waitForOutput(pattern: string | RegExp, timeoutMs = 10_000): Promise<string> {
    const matches = (): boolean => (typeof pattern === 'string' ? this.outputText().includes(pattern) : pattern.test(this.outputText()));
    return this.waitUntil('output', matches, timeoutMs, `output matching ${String(pattern)}`).then(() => this.outputText());
  }

  /** Resolves with the first event (from now on) that satisfies `predicate`. */
  waitForEvent(predicate: (event: StampedEvent) => boolean, timeoutMs = 10_000): Promise<StampedEvent> {
    return new Promise((resolvePromise, reject) => {
      const onEvent = (event: StampedEvent): void => {
        if (!predicate(event)) return;
        cleanup();
        resolvePromise(event);
      };
      const timer = setTimeout(() => { cleanup(); reject(new Error(`${this.deviceId}: no matching event within ${timeoutMs} ms`)); }, timeoutMs);
      const cleanup = (): void => { clearTimeout(timer); this.off('event', onEvent); };
      this.on('event', onEvent);
    });
  }

  /** Listen to the event stream; returns a function that stops listening. */
  onEvent(listener: (event: StampedEvent) => void): () => void {
    this.on('event', listener);
    return () => this.off('event', listener);
  }

  // ---- shutdown --------------------------------------------------------------------------------------------

  /** Stop the program, close every endpoint and connection, sync and close the flash file. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.replugTimer) clearTimeout(this.replugTimer);
    this.circuit.dispose();
    this.stopProgram();
    this.state = 'off';
    this.uart.close();
    await Promise.all([this.socketEndpoint?.close(), this.rfc2217Endpoint?.close(), this.ptyEndpoint?.close()]);
    this.releaseFlash();
    this.emitEvent({ type: 'closed' });
    this.removeAllListeners();
  }

  private releaseFlash(): void {
    this.flash.close();
    openFlashFiles.delete(this.flashFile);
    if (this.ownsFlashDir) rmSync(this.ownsFlashDir, { recursive: true, force: true });
  }

  // ---- BoardSide: what the endpoints call ------------------------------------------------------------------

  holder(): string | undefined {
    const sink = this.uart.attached[0]?.sink;
    if (!sink) return undefined;
    return sink.endpoint === 'pty' ? `a program on the pseudo-terminal ${this.ptyEndpoint?.path ?? ''}`.trimEnd() : `the ${sink.endpoint}:// client ${sink.remote}`;
  }

  attach(sink: HostSink): HostPort | undefined {
    if (this.closed || this.state === 'off') return undefined;
    const port = this.uart.attach(sink);
    this.emitEvent({ type: 'connect', endpoint: sink.endpoint, remote: sink.remote });
    return port;
  }

  detach(port: HostPort): void {
    port.detach();
    this.emitEvent({ type: 'disconnect', endpoint: port.sink.endpoint, remote: port.sink.remote });
    if (this.linesOwner === port) {
      // Closing a serial port lowers DTR and RTS (HUPCL): both high again, which is neutral on the DevKit.
      this.linesOwner = undefined;
      if (!this.closed) this.circuit.setLines({ dtr: false, rts: false });
    }
  }

  setModemLines(port: HostPort, lines: ModemSignals): void {
    if (this.closed || this.state === 'off') return;
    this.linesOwner = port;
    this.emitEvent({ type: 'signals', dtr: lines.dtr, rts: lines.rts });
    this.circuit.setLines(lines);
  }

  hostBaudChanged(port: HostPort, baud: number): void {
    this.emitEvent({ type: 'host-baud', endpoint: port.sink.endpoint, baud });
  }

  purge(port: HostPort, rx: boolean, tx: boolean): void {
    if (rx) port.rx.purge();
    if (tx) this.uart.purgeTx();
  }

  // ---- the chip's life -------------------------------------------------------------------------------------

  private holdInReset(): void {
    if (this.state === 'off') return;
    this.stopProgram();
    this.state = 'reset';
    this.running = 'none';
    this.uart.purgeTx();
    this.emitEvent({ type: 'reset-hold' });
  }

  /** A reset that latches the strapping pins: power-on, EN, or a software system reset. */
  private powerOnReset(reason: ResetReason, gpio0Low: boolean): void {
    if (this.closed) return;
    this.boot(reason, gpio0Low ? 'download' : 'flash', true);
  }

  private boot(reason: ResetReason, mode: BootMode, banner: boolean): void {
    this.stopProgram();
    const generation = ++this.generation;
    this.state = 'running';
    this.mode = mode;
    this.strap = mode === 'download' ? 0x03 : 0x13;
    if (banner) {
      this.clock.reset();
      this.uart.purgeTx();
      this.uart.transmit(Buffer.from(resetBanner(reason, mode), 'latin1'));
    }
    this.emitEvent({ type: 'boot', reason, mode });
    if (mode === 'download') {
      this.running = 'rom';
      this.program = new RomLoader(this.loaderServices(generation));
      return;
    }
    const result = bootFromFlash(this.flash, this.profile);
    this.uart.transmit(Buffer.from(result.output, 'latin1'));
    if (!result.ok) {
      this.running = 'none';
      this.emitEvent({ type: 'boot-failed', reason: result.reason });
      return;
    }
    void this.startApplication(generation);
  }

  private async startApplication(generation: number): Promise<void> {
    const info = this.interpreter;
    const start = this.options.startApplication ??
      (info.kind === 'real' ? (services: BoardServices, options?: ApplicationOptions) => new RealEspruinoPersonality(services, info.path, options) : await loadApplication());
    if (generation !== this.generation || this.state !== 'running') return;
    if (!start) {
      this.running = 'none';
      this.emitEvent({ type: 'boot-failed', reason: 'the Espruino runtime (sim/espruino/index.ts) is not available' });
      return;
    }
    try {
      this.running = 'application';
      this.program = start(this.services(generation), this.options.application);
      this.emitEvent({ type: 'application', started: true });
    } catch (err) {
      this.running = 'none';
      this.emitEvent({ type: 'error', where: 'application', message: (err as Error).message });
    }
  }

  private stopProgram(): void {
    const program = this.program;
    this.program = undefined;
    this.generation++;
    if (!program) return;
    try {
      const done = program.stop();
      if (done instanceof Promise) done.catch((err: Error) => this.emitEvent({ type: 'error', where: 'stop', message: err.message }));
    } catch (err) {
      this.emitEvent({ type: 'error', where: 'stop', message: (err as Error).message });
    }
  }

  /** What a program started at `generation` may use; everything goes dead once the chip resets. */
  private services(generation: number): BoardServices {
    const alive = (): boolean => generation === this.generation && this.state === 'running' && !this.closed;
    return {
      board: this.profile,
      flash: this.flash,
      mac: Buffer.from(this.mac),
      deviceId: this.deviceId,
      uartWrite: (data) => {
        if (alive()) this.uart.transmit(typeof data === 'string' ? Buffer.from(data, 'latin1') : data);
      },
      getChipBaud: () => this.clock.baud,
      setChipBaud: (baud) => {
        if (!alive()) return;
        this.clock.setBaud(baud);
        this.emitEvent({ type: 'chip-baud', baud: Math.round(this.clock.baud) });
      },
      softReset: (reason, mode) => {
        // Deferred: the program is usually in the middle of a call when it resets the chip.
        if (alive()) setImmediate(() => { if (alive()) this.boot(reason, mode, true); });
      },
      emit: (event) => {
        if (alive()) this.emitEvent(event);
      },
    };
  }

  private loaderServices(generation: number): LoaderServices {
    const base = this.services(generation);
    const alive = (): boolean => generation === this.generation && this.state === 'running' && !this.closed;
    const registers = new RegisterSpace({ mac: this.mac, clock: this.clock, strap: this.strap });
    const self: LoaderServices = {
      ...base,
      clock: this.clock,
      registers,
      stubKeepsBaud: this.options.stubKeepsBaud ?? true,
      whenTxIdle: () => this.uart.whenTxIdle(),
      replaceProgram: (start) => {
        if (!alive()) return;
        const old = this.program;
        this.program = undefined;
        try { void old?.stop(); } catch { /* the old loader has nothing to clean up */ }
        this.running = 'stub';
        this.program = start(self);
      },
      runUserCode: () => {
        if (alive()) setImmediate(() => { if (alive()) this.boot('POWERON_RESET', 'flash', false); });
      },
      strapMode: () => (this.circuit.gpio0Low ? 'download' : 'flash'),
      hang: (reason) => {
        if (!alive()) return;
        this.stopProgram();
        this.state = 'hung';
        this.running = 'none';
        this.emitEvent({ type: 'hang', reason });
      },
    };
    return self;
  }

  // ---- events and output -----------------------------------------------------------------------------------

  private emitEvent(event: BoardEvent): void {
    const stamped: StampedEvent = { ...event, device: this.deviceId, t: Math.round(performance.now() - this.startedAt) / 1000 };
    this.emit('event', stamped);
  }

  private tapOutput(data: Buffer): void {
    this.output.push(data);
    this.outputLength += data.length;
    while (this.outputLength > OUTPUT_KEEP && this.output.length > 1) {
      const dropped = this.output.shift()!;
      this.outputLength -= dropped.length;
      this.outputDropped += dropped.length;
    }
    this.emit('output', data);
  }

  /** Wait until `test()` holds, re-checking on each `signal` event of this board. */
  private waitUntil(signal: string, test: () => boolean, timeoutMs: number, what: string): Promise<void> {
    if (test()) return Promise.resolve();
    return new Promise((resolvePromise, reject) => {
      const check = (): void => {
        if (!test()) return;
        cleanup();
        resolvePromise();
      };
      const timer = setTimeout(() => { cleanup(); reject(new Error(`${this.deviceId}: no ${what} within ${timeoutMs} ms`)); }, timeoutMs);
      const cleanup = (): void => { clearTimeout(timer); this.off(signal, check); };
      this.on(signal, check);
    });
  }
}

/** Remove a flash file and its eFuse file (tests that made their own). */
export function removeFlashFile(flashFile: string): void {
  for (const f of [flashFile, efuseFileFor(flashFile)]) {
    try { unlinkSync(f); } catch { /* already gone */ }
  }
}
