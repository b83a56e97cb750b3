// espkit erase: erase the whole flash, or one sector-aligned region of it.
import { Option, type Command } from 'commander';
import { action, type CliContext } from './cli-context.ts';
import { flashBaud } from '../../flasher/cli-options.ts';
import { AFTER_MODES, BEFORE_MODES, type AfterMode, type BeforeMode } from '../../flasher/modes.ts';

interface EraseFlags {
  region?: string;
  before: BeforeMode;
  after: AfterMode;
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command('erase')
    .description('erase the whole flash (Espruino, its Storage, everything), or --region ADDR:SIZE')
    .option('--region <addr:size>', 'erase only this region, in whole 4 KB sectors (e.g. 0x320000:0xE0000)')
    .addOption(new Option('--before <mode>', 'how to enter the ROM loader').choices(BEFORE_MODES).default('default-reset'))
    .addOption(new Option('--after <mode>', 'what to do when done').choices(AFTER_MODES).default('hard-reset'))
    .action(action(ctx, async (flags: EraseFlags) => {
      // loaded here, not at start-up: the flasher brings esptool-js and the serial port bindings
      const [{ openLink }, { erase }, { checkSectorAligned, parseRegion }, { hex }, { formatBytes }, { resetOnInterrupt }] = await Promise.all([
        import('../link/index.ts'), import('../../flasher/jobs.ts'), import('../../flasher/erase.ts'),
        import('../../flasher/images/regions.ts'), import('../../flasher/progress.ts'), import('../../flasher/interrupt.ts'),
      ]);
      const globals = ctx.globals();
      const board = ctx.board();
      const region = flags.region === undefined ? undefined : parseRegion(flags.region, board);
      if (region) checkSectorAligned(region);
      const baud = flashBaud(globals.baud, false, board);
      const link = await openLink(globals.port ?? 'auto', { baud: board.consoleBaud, board, verbose: ctx.verbose });
      try {
        if (!globals.json) ctx.say(region ? `erasing ${formatBytes(region.size)} at ${hex(region.address)}...` : `erasing the whole ${board.flash.size} flash (this takes a while on a real board)...`);
        const report = await resetOnInterrupt(link, flags.after, erase(link, { board, before: flags.before, after: flags.after, baud, region, note: ctx.verbose }));
        if (globals.json) {
          ctx.json({ ok: true, ...report });
          return;
        }
        ctx.say(`erased ${region ? `${hex(region.address)}-${hex(region.address + region.size - 1)}` : 'the whole flash'} of the ${report.chip.description} on ${report.port} in ${report.seconds.toFixed(1)} s`);
      } finally {
        await link.close();
      }
    }));
}
