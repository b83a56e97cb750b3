// The host side of the Espruino REPL over any Link: lines from the console, a prompt that answers,
// expressions evaluated on the board with their JSON results, and flow-controlled sending.
//
// How the console behaves (facts/espruino.md, Espruino src/jsinteractive.c jsiHandleNewLine):
// - a line that starts with DLE (0x10) is executed without echo and without printing its `=result`,
//   and is not added to the history (so secrets sent that way are not shown or kept);
// - Ctrl-C (0x03) clears a half-typed input line or interrupts running code;
// - the board paces us with XON/XOFF (see flow.ts).
// Answers are recognised by a marker that the command builds at run time ("<ek" + "7>"), so an echo of
// the command itself can never be mistaken for its answer.
import type { Link } from '../../core/link.ts';
import { EspkitError } from '../../core/errors.ts';
import { setInputTimeout } from '../../core/input-deadline.ts';
import { FlowControl, type FlowOptions } from './flow.ts';
import { CTRL_C as CTRL_C_BYTE, DLE as DLE_BYTE } from '../../core/espruino/console-bytes.ts';

const DLE = String.fromCharCode(DLE_BYTE);
const CTRL_C = String.fromCharCode(CTRL_C_BYTE);

export interface ReplOptions {
  /** Every complete console line, as it arrives (for --verbose and monitors). */
  onLine?: (line: string) => void;
  flow?: FlowOptions;
}

type LineListener = (line: string) => void;

/** An error the board reported while evaluating an expression (the text of the thrown value). */
export class BoardError extends EspkitError {
  constructor(readonly boardMessage: string, what: string) {
    super(`the board failed to ${what}: ${boardMessage}`);
  }
}

export class EspruinoRepl {
  readonly flow: FlowControl;
  private partial = '';
  private readonly tail: string[] = [];
  private readonly listeners = new Set<LineListener>();
  private nextId = 1;
  private readonly onData = (data: Buffer): void => this.receive(data);
  private readonly onClose = (): void => {
    for (const l of [...this.listeners]) l('\u0000closed');
  };

  constructor(readonly link: Link, private readonly options: ReplOptions = {}) {
    this.flow = new FlowControl(link, options.flow);
    link.on('data', this.onData);
    link.on('close', this.onClose);
  }

  /** Stop listening to the link (the link stays open). */
  detach(): void {
    this.link.off('data', this.onData);
    this.link.off('close', this.onClose);
    this.listeners.clear();
  }

  /** The last console lines seen (for error messages). */
  recentLines(count = 8): string[] {
    return this.tail.slice(-count);
  }

  /** Call `listener` for every complete line until the returned function is called. */
  onLine(listener: LineListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Send raw text, honouring XON/XOFF. */
  send(text: string): Promise<void> {
    return this.flow.write(text);
  }

  /** Send one command line without echo (DLE prefix). */
  command(js: string): Promise<void> {
    return this.send(`${DLE}${js}\n`);
  }

  /** A fresh marker pair: `expr` is the JS that prints it, `text` what appears on the console. */
  marker(): { expr: string; text: string } {
    const id = this.nextId++;
    return { expr: `"<ek"+"${id}"`, text: `<ek${id}` };
  }

  /**
   * Wait for the first line that `test` accepts. Rejects after `timeoutMs` with a message naming `what`
   * and the last lines the board printed, or when the link closes.
   */
  waitForLine(test: (line: string) => boolean, timeoutMs: number, what: string): Promise<string> {
    return new Promise((resolve, reject) => {
      // a line that arrived by the deadline still counts, even on a host held up past it
      const timer = setInputTimeout(() => {
        stop();
        reject(new EspkitError(`no answer from the board on ${this.link.name} while ${what} (${(timeoutMs / 1000).toFixed(1)} s)${this.lastWords()}`));
      }, timeoutMs);
      const stop = this.onLine((line) => {
        if (line === '\u0000closed') {
          clearTimeout(timer);
          stop();
          reject(new EspkitError(`the link to ${this.link.name} closed while ${what}`));
        } else if (test(line)) {
          clearTimeout(timer);
          stop();
          resolve(line);
        }
      });
    });
  }

  /**
   * Make sure an interpreter is listening: clear any half-typed line (Ctrl-C) and ask for an answer,
   * repeating until one comes or `timeoutMs` passes.
   */
  async prompt(timeoutMs = 6000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let attempt = 0;
    for (;;) {
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new EspkitError(`no Espruino prompt on ${this.link.name} within ${(timeoutMs / 1000).toFixed(0)} s: check the port, that Espruino is flashed (espkit flash) and that nothing else holds the console${this.lastWords()}`);
      }
      attempt++;
      // a lost XOFF state would block us forever: after a Ctrl-C the board's buffer drains anyway
      this.flow.clear();
      await this.link.send(Buffer.from(attempt === 1 ? CTRL_C : `${CTRL_C}\n`, 'latin1'));
      try {
        await this.evaluate('1', { timeoutMs: Math.min(1000 * attempt, left), what: 'waiting for the prompt' });
        return;
      } catch (err) {
        if (err instanceof BoardError) return; // it answered, even if oddly: the interpreter runs
        if (this.link.destroyed) throw err;
      }
    }
  }

  /**
   * Evaluate a JavaScript expression on the board and return its value through JSON. A thrown error
   * becomes a BoardError carrying the board's message.
   */
  async evaluate<T = unknown>(expression: string, opts: { timeoutMs?: number; what?: string } = {}): Promise<T> {
    const m = this.marker();
    const what = opts.what ?? `evaluating ${expression.length > 40 ? `${expression.slice(0, 40)}...` : expression}`;
    const ok = `${m.text}> `;
    const bad = `${m.text}! `;
    const answer = this.waitForLine((l) => l.includes(ok) || l.includes(bad), opts.timeoutMs ?? 5000, what);
    await this.command(`try{print(${m.expr}+">",JSON.stringify(${expression}))}catch(e){print(${m.expr}+"!",JSON.stringify(""+e))}`);
    const line = await answer;
    const okAt = line.indexOf(ok);
    if (okAt >= 0) {
      const json = line.slice(okAt + ok.length);
      return (json === 'undefined' || json === '' ? undefined : JSON.parse(json)) as T;
    }
    const message = JSON.parse(line.slice(line.indexOf(bad) + bad.length)) as string;
    throw new BoardError(message, what);
  }

  private lastWords(): string {
    const last = this.recentLines(3).filter((l) => l.trim() !== '' && l.trim() !== '>');
    return last.length ? `; the board last printed: ${JSON.stringify(last.join(' | ').slice(0, 200))}` : '';
  }

  private receive(data: Buffer): void {
    const text = this.partial + this.flow.strip(data).toString('latin1');
    const parts = text.split('\n');
    this.partial = parts.pop() ?? '';
    // a console that never ends a line (a flood without newlines) must not grow without bound
    if (this.partial.length > 65536) this.partial = this.partial.slice(-4096);
    for (const raw of parts) {
      const line = raw.replace(/\r/g, '');
      this.tail.push(line);
      if (this.tail.length > 50) this.tail.shift();
      this.options.onLine?.(line);
      for (const l of [...this.listeners]) l(line);
    }
  }
}
