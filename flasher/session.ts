// A session with the chip's loader over a Link: reset into download mode, sync, check the chip against the
// board profile, read what the chip is, start the stub, raise the baud, check the flash chip. Everything
// that talks to the ROM (flash, erase, info, backup) starts here and ends with finish(after).
import type { ESPLoader, IEspLoaderTerminal } from 'esptool-js';
import { EspkitLoader } from './loader.ts';
import type { Link } from '../core/link.ts';
import type { BoardProfile } from '../core/board.ts';
import { EspkitError } from '../core/errors.ts';
import { LinkSerialPort, LinkLostError } from './web-serial.ts';
import { EspTransport } from './transport.ts';
import { ClassicReset, HardReset, type ResetStrategy } from './reset.ts';
import { checkFlash, describeFlash, readChipFacts, type ChipFacts } from './chip-facts.ts';
import { LoaderHiccup, cleanMessage, connectError, sessionError, type BeforeMode } from './loader-errors.ts';
import { raiseBaudInRom } from './rom-baud.ts';

/** The shortcut of raising the baud in the ROM failed: start over without it. */
class RomBaudHiccup extends LoaderHiccup {}

export type { ChipFacts } from './chip-facts.ts';
export type { BeforeMode } from './loader-errors.ts';
export { cleanMessage } from './loader-errors.ts';

import type { AfterMode } from './modes.ts';
export { AFTER_MODES, BEFORE_MODES, type AfterMode } from './modes.ts';

export interface SessionOptions {
  board: BoardProfile;
  /** How to get the chip into download mode; default 'default-reset'. */
  before?: BeforeMode;
  /** The baud to work at once the stub runs; default the board's console baud (no change). */
  baud?: number;
  /** Connection attempts (each a reset and up to 5 syncs); esptool's default is 7. */
  attempts?: number;
  /** Notes for --verbose: what esptool-js says, resets, baud changes. */
  note?: (line: string) => void;
}

export class FlashSession {
  readonly chip: ChipFacts;
  /** The baud the session actually runs at (the requested one, unless the chip or link refused it). */
  readonly baud: number;

  private constructor(
    readonly link: Link,
    readonly board: BoardProfile,
    readonly loader: ESPLoader,
    readonly transport: EspTransport,
    chip: ChipFacts,
    baud: number,
    private readonly note: (line: string) => void,
  ) {
    this.chip = chip;
    this.baud = baud;
  }

  /**
   * Open a session. A protocol hiccup after the chip answered (a reply lost or garbled on a noisy line while
   * reading the chip's facts or uploading the stub) starts over from the reset, up to `tries` times; esptool
   * and esptool-js give up at the first one.
   */
  static async open(link: Link, options: SessionOptions & { tries?: number }): Promise<FlashSession> {
    const tries = Math.max(1, options.tries ?? 3);
    let baudInRom = true;
    for (let attempt = 1; ; attempt++) {
      try {
        return await FlashSession.openOnce(link, options, baudInRom);
      } catch (err) {
        if (!(err instanceof LoaderHiccup) || attempt >= tries || link.destroyed) throw err;
        if (err instanceof RomBaudHiccup) baudInRom = false;
        options.note?.(`${err.message}; starting over (${attempt + 1} of ${tries})`);
      }
    }
  }

  /** `baudInRom`: raise the baud in the ROM, before the stub is uploaded (see rom-baud.ts). */
  private static async openOnce(link: Link, options: SessionOptions, baudInRom: boolean): Promise<FlashSession> {
    const { board } = options;
    const note = options.note ?? (() => {});
    const before = options.before ?? 'default-reset';
    const romBaud = board.consoleBaud;
    const baud = options.baud ?? romBaud;
    const port = new LinkSerialPort(link);
    const transport = new EspTransport(port, { trace: (line) => note(`esptool-js: ${line}`) });
    let pending = '';
    const terminal: IEspLoaderTerminal = {
      clean: () => {},
      write: (text) => {
        pending += text;
      },
      writeLine: (text) => {
        const lines = (pending + text).split(/[\r\n]+/).map((l) => l.trim()).filter(Boolean);
        pending = '';
        for (const line of lines) note(`esptool-js: ${line}`);
      },
    };
    // esptool-js builds its reset strategies up front and runs one per connection attempt.
    const reset = (delay: number): ResetStrategy & { transport: EspTransport; resetDelay: number } => {
      const strategy = new ClassicReset(link, delay);
      return {
        name: strategy.name,
        transport,
        resetDelay: delay,
        reset: async () => {
          note(`${link.name}: ${strategy.name}`);
          await strategy.reset();
        },
      };
    };
    const loader = new EspkitLoader({
      transport,
      baudrate: baud,
      romBaudrate: romBaud,
      terminal,
      resetConstructors: { classicReset: (_t, delay) => reset(delay) },
      // Every register read and command, for bug reports: ESPKIT_DEBUG_LOADER=1 espkit -v flash ...
      debugLogging: process.env.ESPKIT_DEBUG_LOADER === '1',
    });
    loader.linkGone = () => link.destroyed;
    loader.expectedChip = board.chip;
    const attempts = options.attempts ?? 7;
    try {
      await loader.connect(before === 'default-reset' ? 'default_reset' : 'no_reset', attempts, true);
    } catch (err) {
      await transport.disconnect().catch(() => {});
      throw connectError(err, link, board, before, attempts);
    }
    try {
      const name = loader.chip.CHIP_NAME;
      if (name !== board.chip) {
        throw new EspkitError(`${link.name} has an ${name}, but the board profile "${board.id}" is for an ${board.chip}: pick the right --board`);
      }
      let raised = false;
      if (baudInRom && baud !== romBaud) {
        note(`${link.name}: raising the baud to ${baud} in the ROM`);
        const result = await raiseBaudInRom(loader, transport, baud);
        if (!result.raised && result.restart) throw new RomBaudHiccup(`${link.name}: ${result.reason}`);
        if (!result.raised) note(`${link.name}: ${result.reason}; the stub will raise the baud`);
        raised = result.raised;
      }
      // Replies carry no checksum: a flipped bit in one would go unnoticed, so the facts are read twice.
      const chip = await readChipFacts(loader);
      const again = await readChipFacts(loader);
      if (JSON.stringify(chip) !== JSON.stringify(again)) throw new LoaderHiccup(`${link.name}: the chip's facts read differently twice (a noisy line?)`);
      note(`${link.name}: ${chip.description}, MAC ${chip.mac}`);
      transport.romReplies = true;
      try {
        await loader.runStub();
      } catch (err) {
        // A stub that set its own baud would greet at another one; without the shortcut it greets at the ROM's.
        if (raised && !link.destroyed) throw new RomBaudHiccup(`${link.name}: the stub did not greet at ${baud} baud (${cleanMessage(err)})`);
        throw err;
      }
      if (!loader.IS_STUB) {
        // Without the stub esptool-js would write through the ROM, whose compressed writes leave stale bytes
        // up to the next 32 KB boundary past the image (facts: esp32-serial.md); erase and read need it too.
        throw new EspkitError(`${link.name}: the ESP32 did not start the flasher stub (secure download mode?); espkit cannot flash it safely without it`);
      }
      transport.romReplies = false;
      let actual = raised ? baud : romBaud;
      if (baud !== romBaud && !raised) {
        note(`${link.name}: raising the baud to ${baud}`);
        await loader.changeBaud();
        actual = transport.baudrate;
        if (actual !== baud) note(`${link.name}: ${baud} baud did not work; continuing at ${actual}`);
      }
      const flashId = await loader.readFlashId();
      Object.assign(chip, describeFlash(flashId, loader));
      checkFlash(chip, board, link);
      return new FlashSession(link, board, loader, transport, chip, actual, note);
    } catch (err) {
      await transport.disconnect().catch(() => {});
      throw sessionError(err, link);
    }
  }

  /** Leave the loader: reset into the application (or not) and hand the Link back at the console baud. */
  async finish(after: AfterMode): Promise<{ reset: boolean }> {
    await this.transport.disconnect();
    if (after === 'no-reset') return { reset: false };
    if (this.link.destroyed) throw new LinkLostError(this.link);
    if (this.link.kind === 'socket') {
      this.note(`${this.link.name}: socket:// has no reset lines; the board stays in the flasher until EN is pressed`);
      return { reset: false };
    }
    // Back to the console baud first: the ROM and the application print at it from the first byte.
    if (this.link.baud !== this.board.consoleBaud) await this.link.setBaud(this.board.consoleBaud);
    const hard = new HardReset(this.link);
    this.note(`${this.link.name}: ${hard.name}`);
    await hard.reset();
    return { reset: true };
  }

  /** Stop using the link without any reset (after an error). */
  async abandon(): Promise<void> {
    await this.transport.disconnect().catch(() => {});
  }

  /** True if the loader still answers (a register read), after draining whatever is in flight. */
  async responsive(): Promise<boolean> {
    await this.transport.drainInput(100, 1000);
    for (let i = 0; i < 3 && !this.link.destroyed; i++) {
      try {
        await this.loader.readReg(this.loader.CHIP_DETECT_MAGIC_REG_ADDR, 1000);
        return true;
      } catch {
        await this.transport.drainInput(50, 500);
      }
    }
    return false;
  }
}
