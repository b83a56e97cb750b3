// espkit bridge: the board's serial lines to <prefix>/<device>/serial, <prefix>/<device>/cmd to its console.
import type { Command } from 'commander';
import { action, type CliContext } from '../cli-context.ts';
import { resolveBroker, redact } from '../push/broker.ts';
import { checkDeviceId, checkPrefix } from '../push/wire.ts';
import { addBridgeOptions, type BridgeOptionFlags } from './bridge-options.ts';
import { startBridge } from '../bridge/run.ts';
import { untilStopped } from '../monitor/stop-signals.ts';

interface BridgeFlags extends BridgeOptionFlags {
  broker?: string;
}

export function register(program: Command, ctx: CliContext): void {
  const command = program
    .command('bridge')
    .description("carry the board's serial lines to an MQTT broker and the broker's commands back to its console")
    .option('--broker <url>', 'mqtt://, mqtts://, ws:// or wss:// (user:password@host:port); default $ESPKIT_BROKER, else the local hub');
  addBridgeOptions(command)
    .action(action(ctx, async (flags: BridgeFlags) => {
      const globals = ctx.globals();
      if (flags.device) checkDeviceId(flags.device);
      checkPrefix(flags.prefix);
      const broker = resolveBroker({ broker: flags.broker, ca: flags.ca });
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
