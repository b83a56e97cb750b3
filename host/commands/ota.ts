// espkit ota <device|all> [--file dist/firmware.js]: a staged rollout of firmware over WiFi, or --status.
// Exit code: 0 the rollout finished (devices away take it when they return), 1 it stopped or timed out, 2 usage.
import { type Command, Option } from 'commander';
import { action, type CliContext } from './cli-context.ts';
import { DEFAULT_PREFIX, DEFAULT_SHARDS, checkDeviceId } from '../../core/wire/push.ts';
import { OTA_DEFAULT_CHUNK, OTA_DEFAULT_TRIAL_MS, OTA_MAX_CHUNK } from '../../core/wire/ota.ts';
import { EXIT_FAILURE, UsageError } from '../../core/errors.ts';
import { SETTINGS } from '../../core/settings.ts';
import { wholeNumber } from './parse-options.ts';

interface OtaFlags {
  file: string;
  fwVersion?: string;
  canary: string;
  maxFailures: string;
  chunk: number;
  trial: number;
  status?: boolean;
  broker?: string;
  hub?: string;
  ca?: string;
  prefix: string;
  shards: number;
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command('ota')
    .description('update firmware over WiFi: a staged rollout to one device or all (canary first), or --status')
    .argument('[device]', 'a device id (e.g. esp32-123456) or "all"')
    .option('-f, --file <file>', 'the built firmware', 'dist/firmware.js')
    .option('--fw-version <v>', 'the version the image reports (default: read from the build; --version is the CLI\'s own)')
    .option('--canary <share>', 'the first group, as 5% or a device count; it must confirm before the rest', '5%')
    .option('--max-failures <share>', 'stop once more than this many fail or roll back (2% or a count)', '2%')
    .addOption(new Option('--chunk <bytes>', 'chunk size the devices fetch (at most 1024)').argParser(wholeNumber('--chunk', { min: 1, max: OTA_MAX_CHUNK, unit: 'bytes' })).default(OTA_DEFAULT_CHUNK))
    .addOption(new Option('--trial <s>', 'seconds the new version has to come online before it is rolled back').argParser(wholeNumber('--trial', { min: 1, unit: 'seconds' })).default(OTA_DEFAULT_TRIAL_MS / 1000))
    .option('--status', 'show where each device stands (from their retained OTA states) and exit')
    .addOption(new Option('--broker <url>', 'an external broker with the admin login: this command serves the chunks itself').env('ESPKIT_BROKER'))
    .addOption(new Option('--hub <dir>', 'the running hub\'s data folder (default $ESPKIT_HUB, else ~/.espkit/hub)'))
    .addOption(new Option('--ca <file>', 'CA certificate to trust for mqtts/wss').env('ESPKIT_CA'))
    .addOption(new Option('--prefix <p>', 'topic prefix').default(DEFAULT_PREFIX))
    .addOption(new Option('--shards <n>', 'broadcast shards the devices subscribe to').argParser(wholeNumber('--shards', SETTINGS.shards)).default(DEFAULT_SHARDS))
    .action(action(ctx, async (device: string | undefined, flags: OtaFlags) => {
      const [{ findRunningHub }, { defaultDataDir }, { resolveBroker }, run, { progressLine, statusLines, summaryLines }, { loadImage }, { parseShare }, { rolloutFailed }] = await Promise.all([
        import('../hub/running.ts'), import('../hub/paths.ts'), import('../hub/broker-choice.ts'), import('./ota-run.ts'), import('../ota/progress.ts'),
        import('../ota/image.ts'), import('../ota/share.ts'), import('../ota/rollout.ts'),
      ]);
      const json = ctx.globals().json === true;
      const dataDir = flags.hub ?? defaultDataDir();
      // the running embedded hub serves chunks itself; a hub over an external broker does not
      const card = flags.broker ? undefined : findRunningHub(dataDir);
      const viaHub = card && !card.broker ? card : undefined;
      const broker = (): ReturnType<typeof resolveBroker> => resolveBroker({ broker: flags.broker, ca: flags.ca, dataDir });

      if (flags.status) {
        const status = viaHub ? await run.statusViaHub(viaHub) : await run.statusViaBroker(broker(), flags.prefix, flags.shards);
        if (json) ctx.json({ ok: true, ...status });
        else for (const line of statusLines(status.devices, status.rollout)) ctx.say(line);
        return;
      }
      if (!device) throw new UsageError('say which device to update, or "all" (or give --status)');
      const target = device === 'all' ? 'all' : checkDeviceId(device);
      const request = {
        image: loadImage(flags.file, flags.fwVersion),
        target,
        canary: parseShare(flags.canary, '--canary'),
        maxFailures: parseShare(flags.maxFailures, '--max-failures'),
        chunk: flags.chunk,
        trialMs: flags.trial * 1000,
      };
      const tty = !json && process.stdout.isTTY === true;
      let last = '';
      const onView = (v: Parameters<typeof progressLine>[0]): void => {
        if (json) return;
        const line = progressLine(v);
        if (line === last) return;
        last = line;
        if (tty) process.stdout.write(`\r\x1b[K${line}`);
        else ctx.say(line);
      };
      if (!json) ctx.say(`${request.image.version} (${request.image.bytes.length} bytes, crc ${request.image.crc}) to ${target}, ${viaHub ? `through the hub at ${viaHub.urls.http}` : 'serving the chunks from here'}`);
      const view = viaHub
        ? await run.rolloutViaHub(viaHub, request, onView)
        : await run.rolloutViaBroker(broker(), flags.prefix, flags.shards, request, onView);
      if (tty) process.stdout.write('\n');
      if (json) ctx.json({ ok: !rolloutFailed(view), ...view });
      else for (const line of summaryLines(view)) ctx.say(line);
      if (rolloutFailed(view)) process.exitCode = EXIT_FAILURE;
    }));
}
