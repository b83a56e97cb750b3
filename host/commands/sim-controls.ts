// The hands on a virtual board while `espkit sim` runs: lines on its stdin press buttons and drive pins
// ("pin D4 0"), press EN, pull and plug the cable. A terminal types them; a script pipes them. A bad line gets
// one line of error on stderr and the boards keep running; the end of stdin only ends the controls.
import { createInterface } from 'node:readline';
import { readFileSync } from 'node:fs';
import type { Readable } from 'node:stream';

/** GPIO0..GPIO39: the pins the ESP32 build of Espruino names (boards/ESP32.py generates D0..D39). */
export const SIM_PIN_COUNT = 40;

export type SimControl =
  | { kind: 'pin'; pin: number; level: 0 | 1 }
  | { kind: 'reset' }
  | { kind: 'unplug' }
  | { kind: 'replug' }
  | { kind: 'board'; index: number }
  | { kind: 'help' };

export const SIM_CONTROLS_HELP = [
  'pin <pin> <level>   drive an input as a switch would: pin D4 0, pin 4 high; pins D0..D39 or 0..39, levels 0 1 low high',
  'reset               press and release EN',
  'unplug, replug      pull the USB cable, plug it back in',
  'board <n>           send what follows to board n (of --count; the first to start with)',
  'help                this list',
];

/**
 * A pin as Espruino's jshGetPinFromString reads a name on the ESP32 ("D" and one or two digits, below 40), or a
 * plain pin number.
 */
export function parsePinName(text: string): number | undefined {
  const m = /^D(\d{1,2})$|^(\d+)$/.exec(text);
  if (!m) return undefined;
  const n = Number(m[1] ?? m[2]);
  return n < SIM_PIN_COUNT ? n : undefined;
}

function parseLevel(text: string): 0 | 1 | undefined {
  const t = text.toLowerCase();
  if (t === '1' || t === 'high') return 1;
  if (t === '0' || t === 'low') return 0;
  return undefined;
}

/** One line typed at the sim: a control, undefined for a blank line; throws Error with a one-line reason. */
export function parseSimControl(line: string, boardCount: number): SimControl | undefined {
  const words = line.trim().split(/\s+/).filter((w) => w.length > 0);
  const [verb, ...args] = words;
  if (verb === undefined) return undefined;
  const arity = (n: number, usage: string): void => {
    if (args.length !== n) throw new Error(`usage: ${usage}`);
  };
  switch (verb.toLowerCase()) {
    case 'pin': {
      arity(2, 'pin <D0..D39 or 0..39> <0|1|low|high>');
      const pin = parsePinName(args[0]!);
      if (pin === undefined) throw new Error(`"${args[0]}" is not a pin: D0..D39 or 0..39`);
      const level = parseLevel(args[1]!);
      if (level === undefined) throw new Error(`"${args[1]}" is not a level: 0, 1, low or high`);
      return { kind: 'pin', pin, level };
    }
    case 'reset':
      arity(0, 'reset');
      return { kind: 'reset' };
    case 'unplug':
      arity(0, 'unplug');
      return { kind: 'unplug' };
    case 'replug':
      arity(0, 'replug');
      return { kind: 'replug' };
    case 'board': {
      arity(1, 'board <n>');
      const index = /^\d+$/.test(args[0]!) ? Number(args[0]) : NaN;
      if (!(index >= 1 && index <= boardCount)) throw new Error(`there ${boardCount === 1 ? 'is 1 board' : `are ${boardCount} boards`}: board 1${boardCount > 1 ? `..${boardCount}` : ''}`);
      return { kind: 'board', index };
    }
    case 'help':
    case '?':
      return { kind: 'help' };
    default:
      throw new Error(`unknown command "${verb}": type help`);
  }
}

/**
 * Whether this process may read its terminal: a job started in the background (`espkit sim &`) that read it
 * would be stopped by SIGTTIN. Linux says so in /proc/self/stat (process group vs the terminal's foreground
 * group); elsewhere it is assumed to be in the foreground.
 */
export function inTerminalForeground(): boolean {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // after the command name: state, ppid, pgrp, session, tty_nr, tpgid
    return fields[2] === fields[5];
  } catch {
    return true;
  }
}

/** Read controls from `input` line by line until it ends or the returned function is called. */
export function readSimControls(input: Readable, boardCount: number, handle: (control: SimControl) => void, fail: (reason: string) => void): () => void {
  // terminal: false leaves a terminal in its cooked mode: the kernel edits the line and Ctrl-C stays SIGINT
  const lines = createInterface({ input, terminal: false });
  lines.on('line', (line) => {
    let control: SimControl | undefined;
    try {
      control = parseSimControl(line, boardCount);
    } catch (err) {
      fail((err as Error).message);
      return;
    }
    if (control) handle(control);
  });
  input.on('error', () => lines.close());
  return () => {
    lines.close();
    // a terminal or pipe still open would keep the process alive after the boards have stopped
    input.destroy();
  };
}
