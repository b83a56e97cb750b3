// The monitor wires its parts together: the board connection (serial reader), the output (line
// handling, colours, decoders), the console reader and key menu, the logger, resets, and optionally the
// bridge on the same connection (two processes cannot share a serial port).
import type { Readable } from 'node:stream';
import { EspkitError, oneLine } from '../../core/errors.ts';
import { BoardConnection, type BoardConnectionOptions } from '../console/board-connection.ts';
import { ConsoleReader } from './console-reader.ts';
import { describeKey, helpText, KeyMenu, type MonitorAction } from './key-menu.ts';
import { LineLogger } from './logger.ts';
import { MonitorOutput, type OutputOptions } from './output.ts';
import { BoardHints } from './hints.ts';
import { resetBoard, assertCanReset, type ResetTarget } from './reset.ts';
import { SerialBridge, type BridgeOptions } from '../bridge/bridge.ts';
import { readDeviceId } from '../bridge/device-id.ts';

export interface MonitorBridgeOptions extends Omit<BridgeOptions, 'device' | 'queueFile'> {
  /** The device id; read from the board (getSerial()) when absent. */
  device?: string;
  /** The queue file for a device id (the id may only be known after asking the board). */
  queueFile: (device: string) => string;
}

export interface MonitorOptions {
  port: string;
  connection?: BoardConnectionOptions;
  /** Reset the board into its application once connected. */
  reset?: boolean;
  output: OutputOptions;
  /** Append every line to this file. */
  log?: string;
  /** Keystrokes (process.stdin); none for a read-only monitor. */
  input?: Readable;
  bridge?: MonitorBridgeOptions;
}

export class Monitor {
  readonly output: MonitorOutput;
  /** Resolves when the monitor should stop: the user quit (undefined) or something fatal happened (the error). */
  readonly done: Promise<EspkitError | undefined>;
  bridge: SerialBridge | undefined;
  private finish!: (err?: EspkitError) => void;
  private readonly menu = new KeyMenu();
  private consoleReader: ConsoleReader | undefined;
  private logger: LineLogger | undefined;
  private warnedAway = false;
  private closed = false;
  private hints: BoardHints | undefined;

  private constructor(readonly connection: BoardConnection, private readonly options: MonitorOptions) {
    this.output = new MonitorOutput(options.output);
    this.done = new Promise((resolve) => { this.finish = resolve; });
  }

  static async start(options: MonitorOptions): Promise<Monitor> {
    const logger = options.log ? LineLogger.open(options.log) : undefined;
    let connection: BoardConnection;
    try {
      connection = await BoardConnection.open(options.port, {
        ...options.connection,
        keepFlowBytes: (options.output.mode ?? 'text') !== 'text',
      });
    } catch (err) {
      await logger?.close();
      throw err;
    }
    const monitor = new Monitor(connection, options);
    monitor.logger = logger;
    try {
      await monitor.begin();
    } catch (err) {
      await monitor.close();
      throw err;
    }
    return monitor;
  }

  private async begin(): Promise<void> {
    const { connection, output, options } = this;
    const link = connection.link!;
    if (options.reset) assertCanReset(link);
    let device: string | undefined;
    if (options.bridge) {
      // Asked before anything is shown, so the question and its answer stay off the screen.
      device = options.bridge.device ?? (await readDeviceId(link)).deviceId;
    }
    this.say(`espkit monitor on ${link.name} at ${link.baud} baud${device ? `, device ${device}` : ''}; Ctrl-] quits, Ctrl-T Ctrl-H for help`);
    // A wrong baud and an erased board look like garbage or a flood: say what to do (text mode only).
    const consoleBaud = options.connection?.board?.consoleBaud;
    if (output.mode === 'text' && consoleBaud) {
      this.hints = new BoardHints({ baud: link.baud, consoleBaud, note: (m) => this.say(m) });
      this.hints.start();
    }
    connection.on('data', (data) => {
      output.data(data);
      this.hints?.data(data);
      this.logger?.data(data);
    });
    connection.on('lost', ({ message }) => {
      output.end();
      this.logger?.endLine();
      this.say(message);
    });
    connection.on('back', ({ message }) => {
      this.warnedAway = false;
      this.say(message);
    });
    connection.on('warning', (message) => this.say(message, 'error'));
    if (options.bridge && device) {
      const { queueFile, device: _given, ...rest } = options.bridge;
      const bridge = new SerialBridge(connection, { ...rest, device, queueFile: queueFile(device) });
      this.bridge = bridge;
      bridge.on('note', (m) => this.say(`bridge: ${m}`));
      bridge.on('fatal', (err) => {
        this.say(`bridge: ${err.message}`, 'error');
        this.finish(err);
      });
    }
    if (options.reset) await this.reset('app');
    if (options.input) {
      this.consoleReader = new ConsoleReader(options.input, (keys) => this.keys(keys));
      this.consoleReader.start();
    }
  }

  /** Ask the monitor to stop (what Ctrl-] does); `done` resolves. */
  quit(): void {
    this.finish(undefined);
  }

  /** Keystrokes from the console. */
  keys(bytes: Buffer): void {
    for (const action of this.menu.feed(bytes)) this.act(action);
  }

  /** Stop everything; safe to call twice. The board is left running as it was. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.hints?.stop();
    this.consoleReader?.stop();
    await this.bridge?.close();
    await this.connection.close();
    this.output.end();
    await this.logger?.close();
    this.finish(undefined);
  }

  private act(action: MonitorAction): void {
    switch (action.type) {
      case 'send':
        if (!this.connection.write(action.data) && !this.warnedAway) {
          this.warnedAway = true;
          this.say('the board is away: keys are not sent until it is back');
        }
        return;
      case 'quit':
        this.finish(undefined);
        return;
      case 'reset-app':
      case 'reset-download':
        void this.reset(action.type === 'reset-app' ? 'app' : 'download');
        return;
      case 'help':
        this.output.note(helpText());
        return;
      case 'toggle-timestamps':
        this.output.timestamps = !this.output.timestamps;
        this.say(`timestamps ${this.output.timestamps ? 'on' : 'off'}`);
        return;
      case 'toggle-output':
        // Say it before pausing, so the message is seen either way.
        if (this.output.paused) {
          this.output.paused = false;
          this.say('output resumed');
        } else {
          this.say('output paused (Ctrl-T Y resumes)');
          this.output.paused = true;
        }
        return;
      case 'unknown-menu-key':
        this.say(`Ctrl-T ${describeKey(action.key)} is not a menu key; Ctrl-T Ctrl-H lists them`);
    }
  }

  private async reset(target: ResetTarget): Promise<void> {
    const link = this.connection.link;
    if (!link) {
      this.say('the board is away: cannot reset it now');
      return;
    }
    this.say(target === 'app' ? 'resetting the board into its application' : 'resetting the board into download mode');
    try {
      await resetBoard(link, target);
      this.connection.clearFlow();
    } catch (err) {
      this.say(oneLine(err), 'error');
    }
  }

  private say(message: string, level: 'note' | 'error' = 'note'): void {
    this.output.note(message, level);
    this.logger?.note(message);
  }
}
