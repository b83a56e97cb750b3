// A pseudo-terminal for tools that only open device paths (screen, minicom, the espruino CLI with a path...).
// socat owns the pty and carries it to a private TCP endpoint of the board. With `wait-slave` socat connects only
// once a program opens the terminal, and it exits when that program closes it; it is then started again, so the
// path keeps working for the next program. Output while nobody has the terminal open is lost, as on a real port
// that is closed. A pty has no modem lines and no baud: the board boots as `boot` says and the bytes follow the
// chip's baud.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, lstatSync, readlinkSync, unlinkSync } from 'node:fs';
import type { BoardSide } from './board-side.ts';
import { TcpEndpoint } from './tcp-endpoint.ts';

/** True when socat can be run here. */
export function socatAvailable(): boolean {
  const r = spawnSync('socat', ['-V'], { stdio: 'ignore' });
  return r.status === 0;
}

/** Remove a stale symlink to a pty left by an earlier run; never touches anything else. */
function removeStaleLink(path: string): void {
  try {
    const st = lstatSync(path);
    if (st.isSymbolicLink() && readlinkSync(path).startsWith('/dev/pts/')) unlinkSync(path);
  } catch {
    // nothing there
  }
}

const RESTART_DELAY_MS = 50;
/** socat dying this many times within a second means it cannot work here; stop trying. */
const MAX_QUICK_FAILURES = 5;

export class PtyEndpoint {
  private child: ChildProcess | undefined;
  private closed = false;
  private restartTimer: NodeJS.Timeout | undefined;
  private quickFailures = 0;
  private lastStart = 0;
  /** socat processes started, and the one whose terminal a program opened last (it exits when that closes). */
  private spawns = 0;
  private served = 0;
  private linkReady = false;

  private constructor(readonly path: string, private readonly tcp: TcpEndpoint, private readonly onGiveUp: (reason: string) => void) {}

  static async open(board: BoardSide, path: string, onGiveUp: (reason: string) => void): Promise<PtyEndpoint> {
    let endpoint: PtyEndpoint | undefined;
    // Note which socat served a program: it exits when the program closes the terminal.
    const side: BoardSide = {
      ...board,
      holder: () => board.holder(),
      attach: (sink) => { if (endpoint) endpoint.served = endpoint.spawns; return board.attach(sink); },
      detach: (port) => board.detach(port),
      setModemLines: (port, lines) => board.setModemLines(port, lines),
      hostBaudChanged: (port, baud) => board.hostBaudChanged(port, baud),
      purge: (port, rx, tx) => board.purge(port, rx, tx),
    };
    const tcp = await TcpEndpoint.listen('pty', side, 0);
    endpoint = new PtyEndpoint(path, tcp, onGiveUp);
    await endpoint.spawnSocat();
    return endpoint;
  }

  /**
   * Resolves once a fresh socat waits for the next program (after a program closed the terminal, the old socat
   * exits and a new one starts). Bounded: gives up quietly after 5 s.
   */
  async ready(): Promise<void> {
    for (let i = 0; i < 500 && !this.closed; i++) {
      if (this.linkReady && this.spawns > this.served) return;
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /** Drop the current program's connection (unplug); socat is restarted for the next one. */
  dropConnections(): void {
    this.tcp.dropConnections();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    const child = this.child;
    this.child = undefined;
    if (child && child.exitCode === null && child.signalCode === null) {
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
    }
    removeStaleLink(this.path);
    await this.tcp.close();
  }

  /** Start socat and wait until it has created the terminal and its link. */
  private spawnSocat(): Promise<void> {
    removeStaleLink(this.path);
    this.linkReady = false;
    const id = ++this.spawns;
    this.lastStart = Date.now();
    const child = spawn('socat', [
      '-d', '-d',
      `PTY,link=${this.path},raw,echo=0,wait-slave`,
      `TCP:127.0.0.1:${this.tcp.port},nodelay`,
    ], { stdio: ['ignore', 'ignore', 'pipe'] });
    this.child = child;
    return new Promise((resolve) => {
      let ready = false;
      let stderr = '';
      child.stderr!.setEncoding('utf8');
      child.stderr!.on('data', (text: string) => {
        stderr = (stderr + text).slice(-2000);
        // socat -d -d logs "PTY is /dev/pts/N" once the terminal exists; the link follows right after.
        if (!ready && /PTY is \/dev\/pts\//.test(stderr)) {
          ready = true;
          void this.waitForLink().then(() => { this.linkReady = true; resolve(); });
        }
      });
      child.once('error', (err) => {
        if (!ready) { ready = true; resolve(); }
        this.giveUp(`socat could not start: ${err.message}`);
      });
      child.once('exit', () => {
        if (!ready) { ready = true; resolve(); }
        if (this.child === child) this.child = undefined;
        if (this.closed) return;
        // A socat that served a program exits when the program closes the terminal: that is no failure.
        const failed = this.served < id && Date.now() - this.lastStart < 1000;
        this.quickFailures = failed ? this.quickFailures + 1 : 0;
        if (this.quickFailures >= MAX_QUICK_FAILURES) {
          this.giveUp(`socat keeps exiting (${stderr.trim().split('\n').pop() ?? 'no message'})`);
          return;
        }
        this.restartTimer = setTimeout(() => { this.restartTimer = undefined; void this.spawnSocat(); }, RESTART_DELAY_MS);
      });
    });
  }

  /** Poll briefly for the symlink socat creates (bounded: socat reports failures on stderr and exits). */
  private async waitForLink(): Promise<void> {
    for (let i = 0; i < 200 && !existsSync(this.path) && !this.closed; i++) await new Promise((r) => setTimeout(r, 10));
  }

  private giveUp(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    removeStaleLink(this.path);
    this.onGiveUp(reason);
  }
}
