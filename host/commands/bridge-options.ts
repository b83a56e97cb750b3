// The options that say how to bridge, declared once for `espkit bridge` and `espkit monitor --bridge`.
import { InvalidArgumentError, Option, type Command } from 'commander';
import { DEFAULT_PREFIX } from '../../core/wire/push.ts';

export interface BridgeOptionFlags {
  device?: string;
  prefix: string;
  queue?: string;
  queueMax?: number;
  ca?: string;
}

/** --queue-max: commander turns InvalidArgumentError into its own one-line usage error (exit 2). */
export function queueMaxArg(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError('the queue size is a whole number of lines, at least 1');
  return n;
}

/** Adds --device, --prefix, --queue, --queue-max and --ca; `lead` starts each help text ("with --bridge: "). */
export function addBridgeOptions(command: Command, lead = ''): Command {
  return command
    .option('--device <id>', `${lead}the device id (default: esp32- + the end of the board's MAC, asked from the board)`)
    .option('--prefix <prefix>', `${lead}the topic prefix`, DEFAULT_PREFIX)
    .option('--queue <file>', `${lead}the on-disk queue for lines the broker cannot take yet (default ~/.espkit/bridge/<device>.queue)`)
    .addOption(new Option('--queue-max <lines>', `${lead}most lines kept in the queue; the oldest are dropped beyond`).argParser(queueMaxArg))
    .option('--ca <file>', `${lead}a CA certificate to trust for mqtts:// and wss://`);
}
