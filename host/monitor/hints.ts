// Hints for the two ways a monitor shows nothing useful while the cause is simple:
// - the baud is wrong: only garbled bytes arrive (or, at a baud other than the board's, nothing at all);
//   a board that prints a little and then waits (a boot banner, a prompt) sends too few bytes for a sample at
//   a far-off baud (a receiver at 9600 makes about 28 bytes of an ESP32's 320-byte ROM boot message), so at a
//   baud other than the board's, what arrived is judged once the line has been quiet for a while;
// - the flash is erased: the ROM finds no bootloader, prints "invalid header: 0xffffffff" and resets, over and
//   over.
// Each hint is said once per monitor run.

export interface HintOptions {
  /** The baud the monitor listens at. */
  baud: number;
  /** The board's console baud (the profile's). */
  consoleBaud: number;
  /** Where a hint goes (a monitor note). */
  note: (message: string) => void;
  /**
   * How long "nothing at all" may last before the baud hint, and how long the line must stay quiet before fewer
   * bytes than a sample are judged, in ms (default 5000).
   */
  quietMs?: number;
}

/** Bytes of text: printable ASCII, CR, LF, tab, backspace, ESC (Espruino's line editing) and XON/XOFF. */
const isText = (b: number): boolean => (b >= 0x20 && b < 0x7f) || b === 0x0d || b === 0x0a || b === 0x09 || b === 0x08 || b === 0x1b || b === 0x11 || b === 0x13;

/** Bytes looked at before judging them garbled, and the share of non-text bytes that makes them so. */
const SAMPLE = 64;
const GARBLED_SHARE = 0.3;
/** "invalid header" lines that make a boot loop (one is a single failed boot). */
const LOOP_LINES = 3;
const INVALID_HEADER = /invalid header: 0x[0-9a-f]{8}/g;

export class BoardHints {
  private seen = 0;
  private arrived = false;
  private garbled = 0;
  private invalidHeaders = 0;
  private tail = '';
  private readonly said = new Set<'baud' | 'flash'>();
  private quietTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: HintOptions) {}

  /** Start watching; call once the port is open. */
  start(): void {
    if (this.options.baud === this.options.consoleBaud) return; // an idle board at the right baud is silent
    this.armQuiet();
  }

  private armQuiet(): void {
    clearTimeout(this.quietTimer);
    this.quietTimer = setTimeout(() => this.quiet(), this.options.quietMs ?? 5000);
    this.quietTimer.unref();
  }

  stop(): void {
    clearTimeout(this.quietTimer);
    this.quietTimer = undefined; // data after stop() must not re-arm it
  }

  data(chunk: Buffer): void {
    if (chunk.length > 0) this.arrived = true;
    let rest = chunk;
    while (rest.length > 0 && this.seen < SAMPLE && !this.said.has('baud')) {
      const part = rest.subarray(0, SAMPLE - this.seen);
      rest = rest.subarray(part.length);
      for (const b of part) if (!isText(b)) this.garbled++;
      this.seen += part.length;
      if (this.seen < SAMPLE) {
        // The sample is judged once the board has been quiet for quietMs, not while it is still printing.
        this.quietTimer?.refresh();
        break;
      }
      clearTimeout(this.quietTimer);
      if (this.garbled / this.seen >= GARBLED_SHARE) {
        this.sayGarbled();
        break;
      }
      // At the board's own baud (no quiet timer) the first sample decides. At another baud the first bytes can be
      // readable and the rest not: an RFC 2217 server passes on what it received at its own baud until the
      // client's baud reaches it, and a board the monitor resets then prints at the other baud. So there every
      // sample is judged, until stop().
      if (!this.quietTimer) break;
      this.seen = 0;
      this.garbled = 0;
      this.armQuiet();
    }
    if (this.said.has('flash')) return;
    const text = this.tail + chunk.toString('latin1');
    this.invalidHeaders += text.match(INVALID_HEADER)?.length ?? 0;
    // Keep the end of an unfinished line, so a line split across chunks is counted once, whole.
    const lastBreak = text.lastIndexOf('\n');
    this.tail = (lastBreak < 0 ? text : text.slice(lastBreak + 1)).replace(INVALID_HEADER, '').slice(-64);
    if (this.invalidHeaders >= LOOP_LINES) {
      this.say('flash', 'the board keeps resetting with "invalid header": its flash holds no bootloader (erased?); run espkit flash to install Espruino');
    }
  }

  /** The line has been quiet for quietMs since it was opened or since the last bytes of an unfinished sample. */
  private quiet(): void {
    if (!this.arrived) {
      this.say('baud', `nothing has arrived in ${Math.round((this.options.quietMs ?? 5000) / 1000)} s at ${this.options.baud} baud; the board's console runs at ${this.options.consoleBaud}: try -b ${this.options.consoleBaud}`);
    } else if (this.seen > 0 && this.seen < SAMPLE && this.garbled / this.seen >= GARBLED_SHARE) {
      this.sayGarbled();
    }
  }

  private sayGarbled(): void {
    this.say('baud', `only garbled bytes arrive at ${this.options.baud} baud: is that the board's baud? Its console runs at ${this.options.consoleBaud}: try -b ${this.options.consoleBaud}`);
  }

  private say(kind: 'baud' | 'flash', message: string): void {
    if (this.said.has(kind)) return;
    this.said.add(kind);
    clearTimeout(this.quietTimer);
    this.options.note(message);
  }
}
