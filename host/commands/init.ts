// espkit init DIR: a new firmware project (program, tsconfig, typings, device library, README), or with
// --update the typings and device library of an existing one replaced by the installed espkit's. The work is
// host/init/project.ts.
import type { Command } from 'commander';
import { action, type CliContext } from './cli-context.ts';

interface InitFlags {
  force?: boolean;
  example?: string;
  update?: boolean;
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command('init')
    .description('create a firmware project in DIR (or refresh its espkit typings and library with --update)')
    .argument('[dir]', 'the project folder (new or empty; default: this folder with --update)')
    .option('--example <name>', 'start from one of espkit\'s examples (the folders of its examples/)')
    .option('--force', 'write into a folder that is not empty (files of the same name are replaced)')
    .option('--update', 'replace firmware/types and firmware/espkit with the installed espkit\'s copies; firmware/src stays')
    .action(action(ctx, async (dir: string | undefined, flags: InitFlags) => {
      const { initProject } = await import('../init/project.ts');
      const { UsageError } = await import('../../core/errors.ts');
      if (dir === undefined && !flags.update) throw new UsageError('name the folder for the new project: espkit init DIR');
      if (flags.update && flags.example !== undefined) throw new UsageError('--update keeps the program as it is: leave out --example');
      const result = initProject({ dir: dir ?? '.', force: flags.force, example: flags.example, update: flags.update });
      if (ctx.globals().json) {
        ctx.json({ ok: true, ...result });
        return;
      }
      if (flags.update) {
        const from = result.previous && result.previous !== result.espkit ? ` (was ${result.previous})` : '';
        ctx.say(`updated the typings and device library in ${result.dir} to espkit ${result.espkit}${from}` +
          `${result.removed.length > 0 ? `; removed ${result.removed.join(', ')}` : ''}`);
        return;
      }
      ctx.say(`created a firmware project in ${result.dir} (${result.written.length} files, espkit ${result.espkit})`);
      ctx.say(`next: cd ${dir} && espkit build, then espkit deploy (see its README.md)`);
    }));
}
