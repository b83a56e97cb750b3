// espkit backup: read the flash (all of it, or --region) into a file, checked by the stub's MD5.
import { writeFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { action, type CliContext } from './cli-context.ts';
import { EspkitError, UsageError } from '../../core/errors.ts';
import { checkOutputFile } from './output-file.ts';
import { flashBaud } from '../../flasher/cli-options.ts';
import { AFTER_MODES, BEFORE_MODES, type AfterMode, type BeforeMode } from '../../flasher/modes.ts';

interface BackupFlags {
  out?: string;
  region?: string;
  before: BeforeMode;
  after: AfterMode;
  fast?: boolean;
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command('backup')
    .description('read the flash (or --region ADDR:SIZE) into a file, verified by MD5; restore it with espkit flash 0x0=FILE')
    .option('--out <file>', 'where to write the bytes (required)')
    .option('--region <addr:size>', 'read only this region (e.g. 0x320000:0xE0000 for the Storage)')
    .addOption(new Option('--before <mode>', 'how to enter the ROM loader').choices(BEFORE_MODES).default('default-reset'))
    .addOption(new Option('--after <mode>', 'what to do when done').choices(AFTER_MODES).default('hard-reset'))
    .option('--fast', "read at the board's highest safe baud")
    .action(action(ctx, async (flags: BackupFlags) => {
      if (!flags.out) throw new UsageError('backup needs --out FILE');
      // loaded here, not at start-up: the flasher brings esptool-js and the serial port bindings
      const [{ openLink }, { backup }, { parseRegion }, { hex }, { formatBytes, transferPrinter }, { resetOnInterrupt }] = await Promise.all([
        import('../link/index.ts'), import('../../flasher/jobs.ts'), import('../../flasher/erase.ts'),
        import('../../flasher/images/regions.ts'), import('../../flasher/progress.ts'), import('../../flasher/interrupt.ts'),
      ]);
      const globals = ctx.globals();
      const board = ctx.board();
      const region = flags.region === undefined ? undefined : parseRegion(flags.region, board);
      const baud = flashBaud(globals.baud, flags.fast, board);
      checkOutputFile(flags.out);
      const link = await openLink(globals.port ?? 'auto', { baud: board.consoleBaud, board, verbose: ctx.verbose });
      const progress = globals.json ? undefined : transferPrinter(process.stderr, 'reading');
      let report;
      try {
        report = await resetOnInterrupt(link, flags.after, backup(link, { board, before: flags.before, after: flags.after, baud, region, onProgress: progress?.update, note: ctx.verbose }));
      } finally {
        progress?.end();
        await link.close();
      }
      try {
        writeFileSync(flags.out, report.data);
      } catch (err) {
        throw new EspkitError(`cannot write ${flags.out}: ${(err as Error).message}`);
      }
      const { data: _data, ...summary } = report;
      if (globals.json) {
        ctx.json({ ok: true, out: flags.out, ...summary });
        return;
      }
      ctx.say(`read ${formatBytes(report.size)} at ${hex(report.address)} from the ${report.chip.description} on ${report.port} in ${report.seconds.toFixed(1)} s (MD5 verified) into ${flags.out}`);
    }));
}
