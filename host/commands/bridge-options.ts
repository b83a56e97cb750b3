// The options that say how to bridge, declared once for `espkit bridge` and `espkit monitor --bridge`.
import { Option, type Command } from 'commander';
import { positiveWholeNumber } from './parse-options.ts';
import { DEFAULT_PREFIX } from '../../core/wire/push.ts';

export interface BridgeOptionFlags {
  device?: string;
  prefix: string;
  queue?: string;
  queueMax?: number;
  ca?: string;
}

const queueMaxArg = positiveWholeNumber('the queue size', 'lines');

/** Adds --device, --prefix, --queue, --queue-max and --ca; `lead` starts each help text ("with --bridge: "). */
export function addBridgeOptions(command: Command, lead = ''): Command {
  return command
    .option('--device <id>', `${lead}the device id (default: esp32- + the end of the board's MAC, asked from the board)`)
    .option('--prefix <prefix>', `${lead}the topic prefix`, DEFAULT_PREFIX)
    .option('--queue <file>', `${lead}the on-disk queue for lines the broker cannot take yet (default ~/.espkit/bridge/<device>.queue)`)
    .addOption(new Option('--queue-max <lines>', `${lead}most lines kept in the queue; the oldest are dropped beyond`).argParser(queueMaxArg))
    .option('--ca <file>', `${lead}a CA certificate to trust for mqtts:// and wss://`);
}
