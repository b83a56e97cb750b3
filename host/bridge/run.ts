// `espkit bridge` without the monitor: open the board, find out which device it is, bridge until told to stop.
import { EspkitError } from '../../core/errors.ts';
import { BoardConnection, type BoardConnectionOptions } from '../console/board-connection.ts';
import { SerialBridge, type BridgeOptions } from './bridge.ts';
import { readDeviceId } from './device-id.ts';
import { defaultQueueFile } from './paths.ts';

export interface RunBridgeOptions extends Omit<BridgeOptions, 'device' | 'queueFile'> {
  port: string;
  connection?: BoardConnectionOptions;
  /** Read from the board when absent. */
  device?: string;
  /** Default: defaultQueueFile(device). */
  queueFile?: string;
  /** Lines for people (broker and board comings and goings). */
  onNote?: (message: string) => void;
}

export interface RunningBridge {
  bridge: SerialBridge;
  connection: BoardConnection;
  device: string;
  /** Resolves with the error if the bridge had to stop by itself (a refused login). */
  done: Promise<EspkitError>;
  close(): Promise<void>;
}

export async function startBridge(options: RunBridgeOptions): Promise<RunningBridge> {
  const connection = await BoardConnection.open(options.port, options.connection);
  const note = options.onNote ?? (() => {});
  try {
    const device = options.device ?? (await readDeviceId(connection.link!)).deviceId;
    const { port: _port, connection: _c, device: _d, queueFile, onNote: _n, ...rest } = options;
    const bridge = new SerialBridge(connection, { ...rest, device, queueFile: queueFile ?? defaultQueueFile(device) });
    bridge.on('note', note);
    connection.on('lost', ({ message }) => note(message));
    connection.on('back', ({ message }) => note(message));
    connection.on('warning', note);
    const done = new Promise<EspkitError>((resolve) => bridge.once('fatal', resolve));
    return {
      bridge,
      connection,
      device,
      done,
      close: async () => {
        await bridge.close();
        await connection.close();
      },
    };
  } catch (err) {
    await connection.close();
    throw err;
  }
}
