// espkit flash: put Espruino (or any ESP32 images) on the board through its ROM loader.
import { Option, type Command } from 'commander';
import { action, type CliContext } from './cli-context.ts';
import { DEFAULT_ESPRUINO_VERSION } from '../../flasher/images/release.ts';
import { AFTER_MODES, BEFORE_MODES, type AfterMode, type BeforeMode } from '../../flasher/modes.ts';
import { flashBaud } from '../../flasher/cli-options.ts';

interface FlashFlags {
  espruino?: string;
  releaseUrl?: string;
  offset?: string;
  before: BeforeMode;
  after: AfterMode;
  fast?: boolean;
  diff?: boolean;
  precompress?: boolean;
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command('flash')
    .description('write Espruino (the default) or ESP32 images to the board, verifying every region by MD5')
    .argument('[images...]', `nothing for the Espruino release; a release DIR, .tgz or .zip; FILE.bin (with --offset, or a merged image); or ADDR=FILE pairs`)
    .option('--espruino <version>', `the Espruino release to install (default ${DEFAULT_ESPRUINO_VERSION}), downloaded once into ~/.cache/espkit`)
    .addOption(new Option('--release-url <url>', 'where Espruino releases are downloaded from').env('ESPKIT_RELEASE_URL'))
    .option('--offset <addr>', 'flash address for a single .bin file (e.g. 0x10000)')
    .addOption(new Option('--before <mode>', 'how to enter the ROM loader').choices(BEFORE_MODES).default('default-reset'))
    .addOption(new Option('--after <mode>', 'what to do when done').choices(AFTER_MODES).default('hard-reset'))
    .option('--fast', "flash at the board's highest safe baud (the profile's maxFlashBaud)")
    .option('--diff', 'read the MD5 of each region first and skip the ones already on the board')
    .option('--precompress', 'first deflate the images with Zopfli (seconds, once per image; kept in the cache for every later flash of the same bytes), sending a few per cent fewer bytes')
    .action(action(ctx, async (images: string[], flags: FlashFlags) => {
      // loaded here, not at start-up: the flasher brings esptool-js and the serial port bindings
      const [{ openLink }, { resolveImageSet }, { prepareImageSet, parseNumber, hex }, { flashRegions }, { progressPrinter, formatBytes, formatElapsed, rateOver }, { resetOnInterrupt }] = await Promise.all([
        import('../link/index.ts'), import('../../flasher/images/sources.ts'), import('../../flasher/images/regions.ts'),
        import('../../flasher/jobs.ts'), import('../../flasher/progress.ts'), import('../../flasher/interrupt.ts'),
      ]);
      const { precompressRegions, precompressInBackground } = await import('../../flasher/precompress.ts');
      const globals = ctx.globals();
      const board = ctx.board();
      const baud = flashBaud(globals.baud, flags.fast, board);
      const set = await resolveImageSet(images, board, {
        espruino: flags.espruino,
        releaseUrl: flags.releaseUrl,
        offset: flags.offset === undefined ? undefined : parseNumber(flags.offset, 'offset'),
        note: ctx.verbose,
      });
      const regions = prepareImageSet(set, board);
      ctx.verbose(`images: ${set.description}: ${regions.map((r) => `${r.name} @ ${hex(r.address)}`).join(', ')}`);
      // A release is flashed again and again, so its smaller streams are made while this flash runs (with
      // zlib 9 as before) and used from the next flash on; --precompress waits for them, for any image.
      let background: ReturnType<typeof precompressInBackground> | undefined;
      if (flags.precompress) {
        const made = await precompressRegions(regions, {
          note: ctx.verbose,
          onRegion: (name) => { if (!globals.json) process.stderr.write(`deflating ${name} with Zopfli (once for these bytes)\n`); },
        });
        for (const r of made) {
          ctx.verbose(r.cached ? `${r.name}: ${formatBytes(r.stream)} stream already in the cache` : `${r.name}: ${formatBytes(r.stream)} instead of ${formatBytes(r.zlib9 ?? r.stream)} with zlib 9, in ${formatElapsed(r.seconds * 1000)}`);
        }
      }
      const port = globals.port ?? 'auto';
      const link = await openLink(port, { baud: board.consoleBaud, board, verbose: ctx.verbose });
      if (!flags.precompress && set.espruinoVersion !== undefined) background = precompressInBackground(regions, { note: ctx.verbose });
      const progress = globals.json ? undefined : progressPrinter(process.stderr);
      try {
        const report = await resetOnInterrupt(link, flags.after, flashRegions(link, regions, {
          board, before: flags.before, after: flags.after, baud, diff: flags.diff,
          onProgress: progress?.update, note: ctx.verbose,
        }));
        progress?.end();
        if (globals.json) {
          ctx.json({ ok: true, images: set.description, espruinoVersion: set.espruinoVersion, ...report });
          return;
        }
        const skipped = report.regions.filter((r) => r.skipped).length;
        ctx.say(`${report.chip.description} on ${report.port}, MAC ${report.chip.mac}`);
        if (report.bytes > 0) {
          const writeMs = report.writeSeconds * 1000;
          const effective = rateOver(report.bytes * 8, writeMs) === undefined ? '' : `, effective ${report.effectiveKbitPerSecond.toFixed(1)} kbit/s`;
          ctx.say(`flashed ${set.description}: ${formatBytes(report.bytes)} (${formatBytes(report.compressed)} compressed) in ${formatElapsed(writeMs)} at ${report.baud} baud${effective}; every region verified by MD5 (${formatElapsed(report.seconds * 1000)} in all)`);
        }
        if (skipped > 0) ctx.say(`${skipped} of ${report.regions.length} region${report.regions.length === 1 ? '' : 's'} already on the board (--diff): skipped`);
        ctx.say(report.reset ? 'reset into the new firmware' : 'the board was not reset (press EN to run the new firmware)');
      } finally {
        progress?.end();
        await background?.stop();
        await link.close();
      }
    }));
}
