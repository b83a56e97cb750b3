// espkit push <device|all> <message>: send a push per the wire contract and wait for its receipts.
// Exit code: 0 delivered, 1 not delivered (queued for an offline device, or no receipt in time), 2 usage.
import { type Command, Option } from 'commander';
import { action, type CliContext } from './cli-context.ts';
import { DEFAULT_MAX_MESSAGE, DEFAULT_PREFIX, DEFAULT_SHARDS, DEFAULT_TTL } from '../../core/wire/push.ts';
import { EXIT_FAILURE } from '../../core/errors.ts';
import { SETTINGS } from '../../core/settings.ts';
import { seconds, wholeNumber } from './parse-options.ts';

// a device takes at most the schema's longest message (deploy --max-message), so no push may be longer
const MAX_MESSAGE = SETTINGS.maxMessage;

interface PushFlags {
  ttl: number;
  wait?: number;
  broker?: string;
  ca?: string;
  prefix: string;
  shards: number;
  maxLength: number;
  hub?: string;
  hubData?: string;
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command('push')
    .description('send a push notification to one device or to all, and wait for its receipt')
    .argument('<device>', 'a device id (e.g. esp32-123456) or "all"')
    .argument('<message>', `the text (at most ${DEFAULT_MAX_MESSAGE} characters unless --max-length)`)
    .addOption(new Option('--ttl <s>', 'seconds the push stays worth delivering (0 = forever)').argParser(wholeNumber('--ttl', { unit: 'seconds' })).default(DEFAULT_TTL))
    .addOption(new Option('--wait <s>', 'seconds to wait for receipts (default 10, or a moment when the device is offline)').argParser(seconds('--wait')))
    .addOption(new Option('--broker <url>', 'mqtt://, mqtts://, ws:// or wss:// URL with user:password@ (default: the running hub)').env('ESPKIT_BROKER'))
    .addOption(new Option('--hub <dir>', 'the running hub\'s data folder (default $ESPKIT_HUB, else ~/.espkit/hub)'))
    .addOption(new Option('--ca <file>', 'CA certificate to trust for mqtts/wss (default: the local hub\'s)').env('ESPKIT_CA'))
    .addOption(new Option('--prefix <p>', 'topic prefix').default(DEFAULT_PREFIX))
    .addOption(new Option('--shards <n>', 'broadcast shards the devices subscribe to').argParser(wholeNumber('--shards', SETTINGS.shards)).default(DEFAULT_SHARDS))
    .addOption(new Option('--max-length <n>', `longest message allowed, in characters (at most ${MAX_MESSAGE.max}, what espkit deploy --max-message can give a device)`)
      .argParser(wholeNumber('--max-length', { min: MAX_MESSAGE.min, max: MAX_MESSAGE.max, unit: MAX_MESSAGE.unit })).default(DEFAULT_MAX_MESSAGE))
    .addOption(new Option('--hub-data <dir>', 'the same as --hub').hideHelp())
    .action(action(ctx, async (device: string, message: string, flags: PushFlags) => {
      // loaded here, not at start-up: the MQTT client
      const [{ resolveBroker }, { describePush, preparePush, sendPush }] = await Promise.all([import('../hub/broker-choice.ts'), import('../push/send.ts')]);
      const request = {
        target: device,
        msg: message,
        ttl: flags.ttl,
        waitS: flags.wait,
        prefix: flags.prefix,
        shards: flags.shards,
        maxLength: flags.maxLength,
      };
      preparePush(request); // a bad device id or message is refused before looking for a broker
      const broker = resolveBroker({ broker: flags.broker, ca: flags.ca, dataDir: flags.hub ?? flags.hubData });
      const result = await sendPush({ broker, ...request });
      if (ctx.globals().json) ctx.json({ ok: result.delivered, ...result });
      else ctx.say(describePush(result));
      if (!result.delivered) process.exitCode = EXIT_FAILURE;
    }));
}
