// The espkit program: global options, the command list, exit codes (0 ok, 1 failure, 2 usage).
import { Command, CommanderError, Option } from 'commander';
import { readFileSync } from 'node:fs';
import { createContext } from './commands/cli-context.ts';
import { wholeNumber } from './commands/parse-options.ts';
import { commands } from './commands/index.ts';
import { DEFAULT_BOARD } from '../core/board.ts';
import { EXIT_USAGE } from '../core/errors.ts';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

const baudArg = wholeNumber('a baud rate', { min: 300, max: 5_000_000 });

export function buildProgram(): Command {
  const program = new Command('espkit');
  program
    .description('A TypeScript toolchain for the ESP32 DevBoard: flash, build, deploy, monitor, bridge, push.')
    .version(pkg.version)
    .addOption(new Option('-p, --port <name>', 'serial device, socket://host:port, rfc2217://host:port or auto').env('ESPKIT_PORT'))
    .addOption(new Option('-b, --baud <n>', 'baud rate of the link').argParser(baudArg))
    .addOption(new Option('--board <id|file>', 'board profile').default(DEFAULT_BOARD).env('ESPKIT_BOARD'))
    .option('--json', 'print one JSON document instead of text', false)
    .option('-v, --verbose', 'explain what is happening on stderr', false)
    .showHelpAfterError('(run espkit --help for usage)')
    .exitOverride();
  const ctx = createContext(program);
  for (const register of commands) register(program, ctx);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      // help and version exit 0; every parse error is a usage error
      process.exitCode = err.exitCode === 0 ? 0 : EXIT_USAGE;
      return;
    }
    throw err;
  }
}

await main(process.argv.slice(2));
