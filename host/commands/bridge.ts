// espkit bridge: the board's serial lines to <prefix>/<device>/serial, <prefix>/<device>/cmd to its console.
import type { Command } from 'commander';
import { action, type CliContext } from './cli-context.ts';
import { checkDeviceId, checkPrefix } from '../../core/wire/push.ts';
import { addBridgeOptions, type BridgeOptionFlags } from './bridge-options.ts';

interface BridgeFlags extends BridgeOptionFlags {
  broker?: string;
  /** The running hub's data folder (default $ESPKIT_HUB or ~/.espkit/hub). */
  hub?: string;
  /** A source map, or false for none (--no-map); by default the project's (host/espruino/firmware-maps.ts). */
  map?: string | boolean;
}

export function register(program: Command, ctx: CliContext): void {
  const command = program
    .command('bridge')
    .description("carry the board's serial lines to an MQTT broker and the broker's commands back to its console")
    .option('--broker <url>', 'mqtt://, mqtts://, ws:// or wss:// (user:password@host:port); default $ESPKIT_BROKER, else the running hub')
    .option('--hub <dir>', 'the running hub\'s data folder (default $ESPKIT_HUB, else ~/.espkit/hub)')
    .option('--map <file>', 'source map for error traces (default: the deployed and built maps under dist/)')
    .option('--no-map', 'publish error traces as the board prints them');
  addBridgeOptions(command)
    .action(action(ctx, async (flags: BridgeFlags) => {
      const globals = ctx.globals();
      if (flags.device) checkDeviceId(flags.device);
      checkPrefix(flags.prefix);
      // loaded here, not at start-up: MQTT, the serial link and the source-map reader
      const [{ resolveBroker }, { redact }, { startBridge }, { untilStopped }, { TraceRewriter }, { firmwareMaps }] = await Promise.all([
        import('../hub/broker-choice.ts'), import('../push/broker.ts'), import('../bridge/run.ts'), import('../../core/stop-signals.ts'),
        import('../espruino/trace.ts'), import('../espruino/firmware-maps.ts'),
      ]);
      const broker = resolveBroker({ broker: flags.broker, ca: flags.ca, dataDir: flags.hub });
      const board = ctx.board();
      const note = (message: string): void => {
        if (globals.json) process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), note: message })}\n`);
        else ctx.say(`--- ${message}`);
      };
      const running = await startBridge({
        port: globals.port ?? 'auto',
        connection: { baud: globals.baud ?? board.consoleBaud, board, verbose: ctx.verbose },
        broker,
        device: flags.device,
        prefix: flags.prefix,
        queueFile: flags.queue,
        queueMax: flags.queueMax,
        onNote: note,
        traces: flags.map === false ? undefined : new TraceRewriter(firmwareMaps(process.cwd(), typeof flags.map === 'string' ? flags.map : undefined), { root: process.cwd() }),
      });
      note(`bridging ${running.connection.link?.name ?? globals.port} as ${running.device} to ${redact(broker.url)}; Ctrl-C stops`);
      let stop!: () => void;
      const stopped = new Promise<undefined>((resolve) => { stop = () => resolve(undefined); });
      const failure = await untilStopped(Promise.race([running.done, stopped]), stop);
      await running.close();
      const { published, queued, dropped, commands } = running.bridge.stats;
      note(`stopped: ${published} lines published, ${queued} went through the queue (${running.bridge.queue.length} left in it), ${dropped} dropped, ${commands} commands`);
      if (failure) throw failure;
    }));
}
