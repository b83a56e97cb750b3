// Keystrokes: everything goes to the board except Ctrl-] (quit) and Ctrl-T (the menu key, followed by a
// command key). The keys follow esp-idf-monitor's, so hands that know idf.py monitor know this one.
// Source: ESP-IDF docs, api-guides/tools/idf-monitor ("Keyboard Shortcuts").

export const MENU_KEY = 0x14; // Ctrl-T
export const EXIT_KEY = 0x1d; // Ctrl-]

export type MonitorAction =
  | { type: 'send'; data: Buffer }
  | { type: 'quit' }
  | { type: 'reset-app' }
  | { type: 'reset-download' }
  | { type: 'help' }
  | { type: 'toggle-timestamps' }
  | { type: 'toggle-output' }
  | { type: 'unknown-menu-key'; key: number };

type MenuCommand = Exclude<MonitorAction['type'], 'send' | 'unknown-menu-key'> | 'send-menu-key' | 'send-exit-key';

interface MenuEntry {
  /** The control key and the plain letters that also choose it. */
  ctrl: number;
  letters: string;
  command: MenuCommand;
  help: string;
}

const ctrl = (letter: string): number => letter.toUpperCase().charCodeAt(0) - 0x40;

export const MENU: readonly MenuEntry[] = [
  { ctrl: ctrl('R'), letters: 'r', command: 'reset-app', help: 'reset the board into the application (EN via RTS)' },
  { ctrl: ctrl('P'), letters: 'p', command: 'reset-download', help: 'reset the board into download mode (GPIO0 low via DTR, EN via RTS)' },
  { ctrl: ctrl('I'), letters: 'i', command: 'toggle-timestamps', help: 'timestamps on/off' },
  { ctrl: ctrl('Y'), letters: 'y', command: 'toggle-output', help: 'pause/resume the output (lines still go to --log and --bridge)' },
  { ctrl: ctrl('H'), letters: 'h?', command: 'help', help: 'this help' },
  { ctrl: ctrl('X'), letters: 'xq', command: 'quit', help: 'quit' },
  { ctrl: MENU_KEY, letters: '', command: 'send-menu-key', help: 'send Ctrl-T itself to the board' },
  { ctrl: EXIT_KEY, letters: '', command: 'send-exit-key', help: 'send Ctrl-] itself to the board' },
];

const keyName = (code: number): string => (code < 0x20 ? `Ctrl-${String.fromCharCode(code + 0x40)}` : String.fromCharCode(code));

export function helpText(): string {
  const rows = MENU.map((e) => {
    const keys = [keyName(e.ctrl), ...e.letters.split('').filter(Boolean)].join(' or ');
    return `---   Ctrl-T ${keys.padEnd(16)} ${e.help}`;
  });
  return ['--- espkit monitor keys: Ctrl-] quits; every other key goes to the board, except after Ctrl-T:', ...rows].join('\n');
}

export class KeyMenu {
  private inMenu = false;

  /** Feed keystroke bytes; returns what to do, in order. */
  feed(bytes: Uint8Array): MonitorAction[] {
    const actions: MonitorAction[] = [];
    let run: number[] = [];
    const flush = (): void => {
      if (run.length > 0) actions.push({ type: 'send', data: Buffer.from(run) });
      run = [];
    };
    for (const b of bytes) {
      if (this.inMenu) {
        this.inMenu = false;
        flush();
        actions.push(this.menuCommand(b));
        continue;
      }
      if (b === EXIT_KEY) {
        flush();
        actions.push({ type: 'quit' });
        return actions; // nothing after the exit key is sent
      }
      if (b === MENU_KEY) {
        this.inMenu = true;
        continue;
      }
      run.push(b);
    }
    flush();
    return actions;
  }

  private menuCommand(b: number): MonitorAction {
    const letter = String.fromCharCode(b).toLowerCase();
    const entry = MENU.find((e) => e.ctrl === b || (b >= 0x20 && e.letters.includes(letter)));
    if (!entry) return { type: 'unknown-menu-key', key: b };
    switch (entry.command) {
      case 'send-menu-key': return { type: 'send', data: Buffer.from([MENU_KEY]) };
      case 'send-exit-key': return { type: 'send', data: Buffer.from([EXIT_KEY]) };
      default: return { type: entry.command };
    }
  }
}

export function describeKey(code: number): string {
  return keyName(code);
}
