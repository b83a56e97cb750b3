// One run of the real interpreter binary as the chip's Espruino: the interactive REPL (no file argument, so
// it runs the boot code) in a working folder of its own, its stdout being UART0 TX and its stdin the
// console buffer (console-relay.py.ts). It ignores SIGTERM and SIGHUP, so it is always stopped with SIGKILL,
// and every process still running is killed when this Node process exits: none is ever left behind.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { CONSOLE_RELAY_PY } from './console-relay.py.ts';
import { consoleLockLibrary } from './console-lock.ts';
import { RX_CAPACITY } from '../../core/espruino/console-bytes.ts';

export interface InterpreterSides {
  /** What the interpreter printed (stdout), as it comes. */
  output(data: Buffer): void;
  /** The console buffer's fill, the bytes taken from the board so far and those it refused (only with the relay). */
  report(fill: number, taken: number, lost: number): void;
  /** The process ended by itself (not through kill()): its exit code or signal. */
  exited(code: number | null, signal: NodeJS.Signals | null, stderr: string): void;
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

function killAllOnExit(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of running) {
      try { child.kill('SIGKILL'); } catch { /* already gone */ }
    }
  });
}

let python: boolean | undefined;
/** Whether python3 runs here (checked once): without it the console buffer cannot see the pipe's fill. */
export function pythonAvailable(): boolean {
  python ??= spawnSync('python3', ['-c', 'import fcntl, termios, ctypes'], { stdio: 'ignore', timeout: 10_000 }).status === 0;
  return python;
}

export class InterpreterProcess {
  /** True when the 4096-byte pipe and its reports are there (python3 found). */
  readonly measured: boolean;
  /** True when the console lock is preloaded (console-lock.ts): input may be streamed at full speed. */
  readonly locked: boolean;
  private readonly child: ChildProcess;
  private readonly stdin: Writable;
  private killed = false;
  private stderrTail = '';

  constructor(binary: string, cwd: string, private readonly sides: InterpreterSides) {
    killAllOnExit();
    this.measured = pythonAvailable();
    const lock = consoleLockLibrary();
    this.locked = lock !== undefined;
    const stdio: Array<'pipe'> = this.measured ? ['pipe', 'pipe', 'pipe', 'pipe'] : ['pipe', 'pipe', 'pipe'];
    this.child = this.measured
      ? spawn('python3', ['-c', CONSOLE_RELAY_PY, binary, lock ?? '', String(RX_CAPACITY)], { cwd, stdio })
      : spawn(binary, [], { cwd, stdio, env: lock ? { ...process.env, LD_PRELOAD: lock } : process.env });
    running.add(this.child);
    this.stdin = this.child.stdin!;
    this.stdin.on('error', () => { /* the process died; exited() says so */ });
    this.child.stdout!.on('data', (d: Buffer) => this.sides.output(d));
    this.child.stderr!.on('data', (d: Buffer) => { this.stderrTail = (this.stderrTail + d.toString('latin1')).slice(-2000); });
    if (this.measured) this.readReports(this.child.stdio[3] as Readable);
    this.child.on('error', (err) => {
      running.delete(this.child);
      if (!this.killed) this.sides.exited(null, null, err.message);
    });
    this.child.on('exit', (code, signal) => {
      running.delete(this.child);
      if (!this.killed) this.sides.exited(code, signal, this.stderrTail);
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Console input, already through the board's buffer. */
  write(data: Buffer): void {
    if (this.killed) return;
    if (this.measured) {
      this.stdin.write(data);
      return;
    }
    // Without the relay the kernel's socket buffer stands in for the chip's: large, so nothing is refused.
    // Report "all taken" once Node has handed it over, so the buffer's figures stay at zero.
    this.stdin.write(data, () => this.sides.report(0, this.written += data.length, 0));
  }
  private written = 0;

  /** SIGKILL now (it ignores SIGTERM); resolves once the process is gone. */
  kill(): Promise<void> {
    if (this.killed) return Promise.resolve();
    this.killed = true;
    const gone = new Promise<void>((done) => {
      if (this.child.exitCode !== null || this.child.signalCode !== null) done();
      else this.child.once('exit', () => done());
    });
    try { this.child.kill('SIGKILL'); } catch { /* already gone */ }
    this.stdin.destroy();
    return gone;
  }

  private readReports(stream: Readable): void {
    let text = '';
    stream.on('data', (d: Buffer) => {
      text += d.toString('latin1');
      let nl: number;
      while ((nl = text.indexOf('\n')) >= 0) {
        const line = text.slice(0, nl);
        text = text.slice(nl + 1);
        const [a, b, c] = line.split(' ');
        if (a === 'pid') continue;
        this.sides.report(Number(a), Number(b), Number(c));
      }
    });
  }
}
