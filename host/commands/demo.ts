// espkit demo (npm start): the whole mission on the board that is plugged in, or on a virtual DevBoard.
import { type Command, Option } from 'commander';
import { action, type CliContext } from './cli-context.ts';
import { UsageError } from '../../core/errors.ts';
import { untilSignal } from '../../core/stop-signals.ts';
import { tcpPort } from './parse-options.ts';

interface DemoFlags {
  once: boolean;
  virtual: boolean;
  pacing: boolean;
  wifi?: string;
  password?: string;
  espruino?: string;
  images?: string;
  message?: string;
  mqttPort?: number;
  httpPort?: number;
  hub?: string;
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command('demo')
    .description('flash, build, deploy, monitor and push in one run, on your board or a virtual one')
    .option('--once', 'end after the push receipt instead of running until Ctrl-C', false)
    .option('--virtual', 'use a virtual DevBoard even when a board is plugged in', false)
    .option('--no-pacing', 'run the virtual board faster than its 115200 baud')
    .option('--wifi <ssid>', 'the WiFi a real board joins')
    .option('--password <password>', 'that WiFi\'s password')
    .option('--espruino <version>', 'Espruino release to flash')
    .option('--images <dir|tgz|zip>', 'a local Espruino release to flash')
    .option('--message <text>', 'the push to send', 'Hello from espkit!')
    .option('--hub <dir>', 'use the hub running from this data folder (default: the one running from $ESPKIT_HUB or ~/.espkit/hub, if any)')
    .addOption(new Option('--mqtt-port <port>', 'when no hub runs, the demo\'s own hub\'s MQTT port (default 1883, or a free one)').argParser(tcpPort))
    .addOption(new Option('--http-port <port>', 'when no hub runs, the demo\'s own hub\'s dashboard port (default 8080, or a free one)').argParser(tcpPort))
    .action(action(ctx, async (flags: DemoFlags) => {
      const globals = ctx.globals();
      if ((flags.wifi === undefined) !== (flags.password === undefined)) throw new UsageError('give --wifi and --password together');
      // loaded here, not at start-up: the demo brings every part of espkit
      const [{ runDemo, DEMO_STEPS }, { createNarrator }] = await Promise.all([import('../demo/demo.ts'), import('../demo/narrator.ts')]);
      const narrator = createNarrator({ json: globals.json, total: DEMO_STEPS });
      const stopped = untilSignal().then(() => undefined);
      const result = await runDemo({
        board: ctx.board(),
        narrator,
        port: globals.port,
        wifi: flags.wifi !== undefined ? { ssid: flags.wifi, password: flags.password ?? '' } : undefined,
        virtual: flags.virtual,
        pacing: flags.pacing,
        espruino: flags.espruino,
        images: flags.images,
        message: flags.message,
        mqttPort: flags.mqttPort,
        httpPort: flags.httpPort,
        hubDir: flags.hub,
        once: flags.once,
        stopped,
      });
      if (globals.json) ctx.json({ ok: true, ...result });
      else ctx.say(`done: ${result.device} received "${flags.message}"`);
      // Signal handlers and the hub's timers must not keep a finished demo alive.
      process.exit(0);
    }));
}
