// A virtual board running the real Espruino interpreter, and a console to talk to it over the board's
// socket endpoint as a host would (the board paces the bytes at 115200 unless told not to).
import { openLink } from '../../host/link/index.ts';
import type { Link } from '../../core/link.ts';
import { startBoard, type VirtualBoard } from '../../sim/index.ts';
import type { StartBoardOptions } from '../../sim/index.ts';

export const LAB_AP = { ssid: 'espkit-lab', password: 'lab-pass-123' };

export async function startRealBoard(options: StartBoardOptions = {}): Promise<VirtualBoard> {
  const board = await startBoard({ installEspruino: true, espruino: 'real', ap: LAB_AP, application: { timing: { wifiConnectMs: 50, wifiAttemptMs: 50 } }, ...options });
  await board.waitForOutput(/Donate\r\n\r\n>/, 15_000);
  return board;
}

/** What the host receives on one link, with waits on it. */
export class HostConsole {
  text = '';
  private constructor(readonly link: Link) {
    link.on('data', (d: Buffer) => { this.text += d.toString('latin1'); });
  }

  /** Open a link and let what the board is still sending (the paced banner) arrive before the test starts. */
  static async open(board: VirtualBoard): Promise<HostConsole> {
    const con = new HostConsole(await openLink(board.ports.socket));
    let seen = -1;
    while (seen !== con.text.length) {
      seen = con.text.length;
      await new Promise((r) => setTimeout(r, 400));
    }
    con.clear();
    return con;
  }

  send(text: string | Buffer): void {
    this.link.write(typeof text === 'string' ? Buffer.from(text, 'latin1') : text);
  }

  clear(): void {
    this.text = '';
  }

  async waitFor(pattern: RegExp, timeoutMs = 15_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(this.text)) {
      if (Date.now() > deadline) throw new Error(`no ${pattern} within ${timeoutMs} ms; got ${JSON.stringify(this.text.slice(-400))}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    return this.text;
  }

  /**
   * Ctrl-C to code that runs on: returns what it printed once it stopped, in the debugger (`debug>`) or with
   * "Execution Interrupted". Pressed again when nothing happens for 5 s, as a user would: the Linux build sets
   * the Ctrl-C flag from its input thread with a read-modify-write of the same word (execInfo.execute) that the
   * main thread rewrites twice in every loop iteration (EXEC_IN_LOOP in jspeStatementWhile), so on a loaded
   * machine the flag can be overwritten before the main thread sees it (CI saw a loop run on for 15 s).
   */
  async interrupt(): Promise<string> {
    // not anchored at the end: a press that comes after the code stopped clears the (empty) input line again
    const stopped = /debug>|Execution Interrupted\r\n>/;
    for (let press = 1; ; press++) {
      this.send('\x03');
      try {
        return await this.waitFor(stopped, press < 3 ? 5_000 : 15_000);
      } catch (error) {
        if (press === 3) throw error;
      }
    }
  }

  /** Send a line and return what came back up to the next prompt. */
  async line(code: string, timeoutMs = 15_000): Promise<string> {
    this.clear();
    this.send(`${code}\n`);
    return this.waitFor(/\r\n>$/, timeoutMs);
  }

  close(): Promise<void> {
    return this.link.close();
  }
}
