// espkit info: what the board is (chip, revision, features, crystal, MAC, flash) and the Espruino it runs.
import { Option, type Command } from 'commander';
import { action, type CliContext } from './cli-context.ts';
import { flashBaud } from '../../flasher/cli-options.ts';
import { AFTER_MODES, BEFORE_MODES, type AfterMode, type BeforeMode } from '../../flasher/modes.ts';

interface InfoFlags {
  before: BeforeMode;
  after: AfterMode;
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command('info')
    .description('show the chip, its revision, features, crystal, MAC and flash, and the Espruino version it boots')
    .addOption(new Option('--before <mode>', 'how to enter the ROM loader').choices(BEFORE_MODES).default('default-reset'))
    .addOption(new Option('--after <mode>', 'hard-reset also asks the application for its Espruino version').choices(AFTER_MODES).default('hard-reset'))
    .action(action(ctx, async (flags: InfoFlags) => {
      // loaded here, not at start-up: the flasher brings esptool-js and the serial port bindings
      const [{ openLink }, { info }, { askEspruinoVersion }] = await Promise.all([
        import('../link/index.ts'), import('../../flasher/jobs.ts'), import('../espruino/version.ts'),
      ]);
      const globals = ctx.globals();
      const board = ctx.board();
      const baud = flashBaud(globals.baud, false, board);
      const link = await openLink(globals.port ?? 'auto', { baud: board.consoleBaud, board, verbose: ctx.verbose });
      try {
        const report = await info(link, { board, before: flags.before, after: flags.after, baud, note: ctx.verbose, askApplication: (l) => askEspruinoVersion(l) });
        if (globals.json) {
          ctx.json({ ok: true, ...report });
          return;
        }
        const c = report.chip;
        const rows: Array<[string, string]> = [
          ['port', report.port],
          ['chip', c.description],
          ['features', c.features.join(', ')],
          ['crystal', `${c.crystalMHz} MHz`],
          ['MAC', c.mac],
          ['flash', `${c.flashSize ?? 'unknown size'} (manufacturer 0x${c.flashManufacturer.toString(16).padStart(2, '0')}, device 0x${c.flashDevice.toString(16).padStart(4, '0')}); profile: ${board.flash.size} ${board.flash.mode} ${board.flash.freq}`],
          ['Espruino', report.espruino ?? report.espruinoNote ?? 'unknown'],
        ];
        for (const [k, v] of rows) ctx.say(`${k.padEnd(9)} ${v}`);
      } finally {
        await link.close();
      }
    }));
}
