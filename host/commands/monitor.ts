// espkit monitor: the board's serial output, with keys going back to it (and optionally the bridge too).
import type { Command } from 'commander';
import { action, type CliContext } from './cli-context.ts';
import { addBridgeOptions, type BridgeOptionFlags } from './bridge-options.ts';
import { UsageError } from '../../core/errors.ts';

interface MonitorFlags extends BridgeOptionFlags {
  reset?: boolean;
  timestamps?: boolean;
  filter: string[];
  log?: string;
  raw?: boolean;
  hex?: boolean;
  color: boolean;
  bridge?: string;
  /** A source map, or false for none (--no-map); by default the project's (host/espruino/firmware-maps.ts). */
  map?: string | boolean;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

export function register(program: Command, ctx: CliContext): void {
  const command = program
    .command('monitor')
    .description("show the board's serial output and type into it (Ctrl-] quits, Ctrl-T Ctrl-H lists the menu keys)")
    .option('--reset', 'reset the board into its application first (by default it is left running)')
    .option('-t, --timestamps', 'prefix each line with the time it arrived')
    .option('--filter <regex>', 'show only lines that match (repeatable; /text/i for flags)', collect, [])
    .option('--log <file>', 'also append every line (unfiltered, with times) to FILE')
    .option('--raw', 'pass the bytes through untouched')
    .option('--hex', 'show the bytes as a hex dump')
    .option('--no-color', 'no colours, even on a terminal')
    .option('--map <file>', 'source map for error traces (default: the deployed and built maps under dist/)')
    .option('--no-map', 'show error traces as the board prints them')
    .option('--bridge <url>', 'also bridge the serial lines to this MQTT broker (see espkit bridge)');
  addBridgeOptions(command, 'with --bridge: ')
    .action(action(ctx, async (flags: MonitorFlags) => {
      if (flags.raw && flags.hex) throw new UsageError('--raw and --hex are two different views: pick one');
      const globals = ctx.globals();
      if (globals.json && (flags.raw || flags.hex)) throw new UsageError('--json prints lines as JSON: it cannot be combined with --raw or --hex');
      const bridgeOnly = ['device', 'queue', 'queueMax', 'ca'] as const;
      const stray = bridgeOnly.find((k) => flags[k] !== undefined);
      if (!flags.bridge && stray) throw new UsageError(`--${stray.replace('queueMax', 'queue-max')} only applies with --bridge URL`);
      // loaded here, not at start-up: the serial link, MQTT (with --bridge) and the source-map reader
      const [{ Monitor }, { LineFilter }, { wantColour }, { resolveBroker }, { defaultQueueFile }, { untilStopped }, { TraceRewriter }, { firmwareMaps }] = await Promise.all([
        import('../monitor/monitor.ts'), import('../monitor/line-filter.ts'), import('../monitor/colours.ts'), import('../hub/broker-choice.ts'),
        import('../bridge/paths.ts'), import('../../core/stop-signals.ts'), import('../espruino/trace.ts'), import('../espruino/firmware-maps.ts'),
      ]);
      const board = ctx.board();
      const filter = LineFilter.parse(flags.filter);
      const terminal = Boolean(process.stdout.isTTY);
      const monitor = await Monitor.start({
        port: globals.port ?? 'auto',
        connection: { baud: globals.baud ?? board.consoleBaud, board, verbose: ctx.verbose },
        reset: flags.reset,
        log: flags.log,
        input: process.stdin,
        output: {
          out: process.stdout,
          mode: flags.raw ? 'raw' : flags.hex ? 'hex' : 'text',
          terminal,
          colour: flags.color && wantColour(terminal),
          timestamps: flags.timestamps,
          filter,
          json: globals.json,
          traces: flags.map === false ? undefined : new TraceRewriter(firmwareMaps(process.cwd(), typeof flags.map === 'string' ? flags.map : undefined), { root: process.cwd() }),
        },
        bridge: flags.bridge
          ? {
            broker: resolveBroker({ broker: flags.bridge, ca: flags.ca }),
            device: flags.device,
            prefix: flags.prefix,
            queueMax: flags.queueMax,
            queueFile: (device) => flags.queue ?? defaultQueueFile(device),
            traces: flags.map === false ? undefined : new TraceRewriter(firmwareMaps(process.cwd(), typeof flags.map === 'string' ? flags.map : undefined), { root: process.cwd() }),
          }
          : undefined,
      });
      const failure = await untilStopped(monitor.done, () => monitor.quit());
      await monitor.close();
      if (failure) throw failure;
    }));
}
