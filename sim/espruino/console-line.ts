// The console's input line: what each received byte does to it and what is echoed back. A port of
// jsiHandleChar, jsiHandleNewLine, jsiConsoleRemoveInputLine and jsiConsoleReturnInputLine
// (src/jsinteractive.c), without the command history and tab completion.
//
// - a line starting with DLE (0x10) is neither echoed nor answered with its `=result`;
// - Enter with unbalanced brackets continues the line (the console shows ':');
// - output from the program first removes the shown input line; the prompt comes back at the end of the
//   interpreter's loop (returnInputLine).
import { countBrackets } from './brackets.ts';
import { DLE } from '../../core/espruino/console-bytes.ts';

const enum State {
  None,
  Had27,
  Had27_79,
  Had27_91,
  Had27_91Number,
}

export interface LineHost {
  /** Console output; '\n' becomes "\r\n" as in jsiConsolePrintString. */
  write(text: string): void;
  /** Echo is on (echo(1) and not a DLE line). */
  echo(): boolean;
  /** Run a complete line. */
  execute(line: string): void;
}

export class ConsoleLine {
  line = '';
  cursor = 0;
  /** The line is not on the terminal (after output, or after executing); it is shown again later.
   * Nothing is shown before the first prompt. */
  removed = true;
  /** JSIS_ECHO_OFF_FOR_LINE: the line started with DLE. */
  echoOffForLine = false;
  private state = State.None;
  private number = 0;
  private hadR = false;

  constructor(private readonly host: LineHost) {}

  private show(): boolean {
    return this.host.echo() && !this.removed;
  }

  handle(ch: number): void {
    const hadR = this.hadR;
    this.hadR = false;
    if (ch === 0) {
      this.state = State.None;
    } else if (ch === 1) {
      this.home();
    } else if (ch === 4) {
      this.remove(false);
    } else if (ch === 5) {
      this.end();
    } else if (ch === 21 || ch === 23) {
      this.clear(true);
    } else if (ch === 27) {
      this.state = State.Had27;
    } else if (this.state === State.Had27) {
      this.state = State.None;
      if (ch === 79) this.state = State.Had27_79;
      else if (ch === 91) this.state = State.Had27_91;
      else if (ch === 10) this.newLine(false);
    } else if (this.state === State.Had27_79) {
      this.state = State.None;
      if (ch === 70) this.end();
      else if (ch === 72) this.home();
      else if (ch === 111) this.handle(0x2f);
      else if (ch === 106) this.handle(0x2a);
      else if (ch === 109) this.handle(0x2d);
      else if (ch === 107) this.handle(0x2b);
      else if (ch === 77) this.handle(0x0d);
    } else if (this.state === State.Had27_91) {
      this.state = State.None;
      if (ch >= 0x30 && ch <= 0x39) {
        this.number = ch - 0x30;
        this.state = State.Had27_91Number;
      } else if (ch === 68) this.left();
      else if (ch === 67) this.right();
      else if (ch === 70) this.end();
      else if (ch === 72) this.home();
      // up/down walk the command history, which this console does not keep
    } else if (this.state === State.Had27_91Number) {
      if (ch >= 0x30 && ch <= 0x39) {
        this.number = this.number * 10 + ch - 0x30;
      } else {
        if (ch === 126) {
          if (this.number === 1) this.home();
          else if (this.number === 3) this.remove(false);
          else if (this.number === 4) this.end();
        }
        this.state = State.None;
      }
    } else if (ch === DLE && this.line.length === 0) {
      this.echoOffForLine = true;
    } else {
      this.state = State.None;
      if (ch === 0x08 || ch === 0x7f) this.remove(true);
      else if (ch === 0x0a && hadR) {
        // "\r\n": everything was done on the \r
      } else if (ch === 0x0d || ch === 0x0a) {
        this.hadR = ch === 0x0d;
        this.newLine(true);
      } else if (ch === 0x09) {
        if (!this.host.echo()) this.append('    '); // with echo on, Tab asks for completions
      } else if (ch >= 32) {
        this.append(String.fromCharCode(ch));
      }
    }
  }

  /** jsiClearInputLine. */
  clear(updateConsole: boolean): void {
    if (this.line === '') return;
    if (updateConsole) this.removeInputLine();
    this.line = '';
    this.cursor = 0;
  }

  /** Take the input line off the terminal before printing (jsiConsoleRemoveInputLine). */
  removeInputLine(): void {
    if (this.removed) return;
    this.removed = true;
    if (!this.host.echo()) return;
    this.host.write(this.moveCursor(this.cursor, 0) + '\r\x1b[J');
  }

  /** Show the prompt and the input line again (jsiConsoleReturnInputLine). */
  returnInputLine(): void {
    if (!this.removed) return;
    this.removed = false;
    if (!this.host.echo()) return;
    this.host.write('>' + this.line.replace(/\n/g, '\n:') + this.moveCursor(this.line.length, this.cursor));
  }

  private atEnd(): boolean {
    return this.line.slice(this.cursor).trim() === '';
  }

  private newLine(execute: boolean): void {
    if (this.atEnd()) {
      if (execute && countBrackets(this.line) <= 0) {
        if (this.show()) this.host.write('\n');
        if (!this.echoOffForLine) this.removed = true;
        const code = this.line.replace(/\s+$/, '');
        this.line = '';
        this.cursor = 0;
        this.host.execute(code);
        this.echoOffForLine = false;
      } else {
        if (this.show()) this.host.write('\n:');
        this.line += '\n';
        this.cursor++;
      }
      return;
    }
    // Enter in the middle of the text splits it
    if (this.show()) this.host.write('\x1b[J');
    this.line = `${this.line.slice(0, this.cursor)}\n${this.line.slice(this.cursor)}`;
    if (this.show()) this.host.write(this.line.slice(this.cursor).replace(/\n/g, '\n:') + this.moveCursor(this.line.length, this.cursor + 1));
    this.cursor++;
  }

  private append(text: string): void {
    if (this.cursor >= this.line.length) {
      this.line += text;
    } else {
      this.line = this.line.slice(0, this.cursor) + text + this.line.slice(this.cursor);
      if (this.show()) this.host.write(this.untilEol(this.cursor, true));
    }
    this.cursor += text.length;
    if (this.show()) this.host.write(text);
  }

  private remove(backspace: boolean): void {
    if (backspace && this.cursor === 0) return;
    if (!backspace && this.cursor >= this.line.length) return;
    const at = backspace ? this.cursor - 1 : this.cursor;
    this.line = this.line.slice(0, at) + this.line.slice(at + 1);
    if (backspace) this.cursor--;
    if (this.show()) this.host.write((backspace ? '\x08' : '') + this.untilEol(this.cursor, true));
  }

  private home(): void {
    while (this.cursor > 0 && this.line[this.cursor - 1] !== '\n') {
      if (this.show()) this.host.write('\x08');
      this.cursor--;
    }
  }

  private end(): void {
    while (this.cursor < this.line.length && this.line[this.cursor] !== '\n') {
      if (this.show()) this.host.write(this.line[this.cursor]!);
      this.cursor++;
    }
  }

  private left(): void {
    if (this.cursor > 0 && this.line[this.cursor - 1] !== '\n') {
      this.cursor--;
      if (this.show()) this.host.write('\x1b[D');
    }
  }

  private right(): void {
    if (this.cursor < this.line.length && this.line[this.cursor] !== '\n') {
      this.cursor++;
      if (this.show()) this.host.write('\x1b[C');
    }
  }

  /** The rest of the current text line, then (andBackup) a space and backspaces to return (jsiConsolePrintStringVarUntilEOL). */
  private untilEol(from: number, andBackup: boolean): string {
    const nl = this.line.indexOf('\n', from);
    const text = this.line.slice(from, nl < 0 ? undefined : nl);
    return andBackup ? `${text} ${'\x08'.repeat(text.length + 1)}` : text;
  }

  /** VT100 moves from one position in the line to another (jsiMoveCursorChar). */
  private moveCursor(from: number, to: number): string {
    const pos = (i: number): [number, number] => {
      const before = this.line.slice(0, i);
      const row = before.split('\n').length - 1;
      return [i - (before.lastIndexOf('\n') + 1), row];
    };
    let [x, y] = pos(from);
    const [nx, ny] = pos(to);
    let out = '';
    for (; x < nx; x++) out += '\x1b[C';
    for (; x > nx; x--) out += '\x1b[D';
    for (; y < ny; y++) out += '\x1b[B';
    for (; y > ny; y--) out += '\x1b[A';
    return out;
  }
}
