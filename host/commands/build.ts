// espkit build [--watch]: compile firmware/src (TypeScript) into dist/firmware.js for Espruino.
import type { Command } from 'commander';
import { positiveWholeNumber } from './parse-options.ts';
import { untilSignal } from '../../core/stop-signals.ts';
import { action, type CliContext } from './cli-context.ts';
import { oneLine } from '../../core/errors.ts';
import type { BuildOptions, BuildResult } from '../build/index.ts';

/** The compiler, loaded only when espkit build runs: it brings typescript and esbuild. */
type BuildLib = typeof import('../build/index.ts');

interface BuildFlags {
  entry?: string;
  out?: string;
  budget?: number;
  minify: boolean;
  modules?: string;
  watch?: boolean;
}

const budgetArg = positiveWholeNumber('the budget', 'bytes');

export function register(program: Command, ctx: CliContext): void {
  program
    .command('build')
    .description('compile firmware/src (TypeScript) into one Espruino-safe file, dist/firmware.js')
    .option('--entry <file>', 'entry module', 'firmware/src/main.ts')
    .option('-o, --out <file>', 'output file', 'dist/firmware.js')
    .option('--budget <bytes>', 'fail when the output is larger (default: the board profile\'s code budget, 16384 on the ESP32 DevBoard)', budgetArg)
    .option('--modules <dir>', 'take require("NAME") of Espruino modules from this folder first (then modules/, the cache, espruino.com)')
    .option('--no-minify', 'keep the lowered code readable')
    .option('-w, --watch', 'rebuild whenever firmware/ changes')
    .action(action(ctx, async (flags: BuildFlags) => {
      const options: BuildOptions = {
        root: process.cwd(), entry: flags.entry, out: flags.out, budget: flags.budget, minify: flags.minify, modules: flags.modules, board: ctx.board(),
      };
      const lib: BuildLib = await import('../build/index.ts');
      if (flags.watch) {
        await watchUntilInterrupted(ctx, lib, options);
        return;
      }
      try {
        const result = await lib.buildFirmware(options);
        if (ctx.globals().json) ctx.json(summary(result));
        else {
          printWarnings(lib, result);
          ctx.say(describe(lib, result));
        }
      } catch (err) {
        reportFailure(ctx, lib, err, false);
      }
    }));
}

function summary(r: BuildResult): Record<string, unknown> {
  return { ok: true, entry: r.entry, out: r.out, bytes: r.bytes, budgeted: r.budgeted, budget: r.budget, cost: r.cost, helpers: r.helpers, warnings: r.warnings, ms: r.ms };
}

/** Each warning on its own line on stderr: the build still succeeded, stdout stays the summary. */
function printWarnings(lib: BuildLib, r: BuildResult): void {
  for (const w of r.warnings) process.stderr.write(`${lib.formatWarning(w)}\n`);
}

/** The summary line, and what each part costs when library modules were bundled. */
function describe(lib: BuildLib, r: BuildResult): string {
  const pct = Math.round((r.budgeted / r.budget) * 100);
  // the on-demand part rides after the code in a comment: on the board it costs flash, not the budget's RAM
  const carried = r.onDemand ? r.onDemand.bytes : 0;
  const own = r.bytes - carried;
  const measured = r.budgeted === own ? `${own} bytes` : `${own} bytes readable (${r.budgeted} minified)`;
  const size = carried ? `${measured} + ${carried} bytes carried for on demand` : measured;
  const head = `built ${r.out}: ${size}, ${pct}% of the ${r.budget}-byte budget (${r.ms} ms)`;
  return r.cost.parts.length > 1 ? [head, ...lib.describeCost(r.cost)].join('\n') : head;
}

/** Every problem on its own line (stderr), then the one-line error; --json gets them as a list. */
function reportFailure(ctx: CliContext, lib: BuildLib, err: unknown, keepGoing: boolean): void {
  if (!(err instanceof lib.BuildError)) {
    if (keepGoing) {
      if (ctx.globals().json) process.stdout.write(`${JSON.stringify({ ok: false, error: oneLine(err) })}\n`);
      else process.stderr.write(`error: ${oneLine(err)}\n`);
      return;
    }
    throw err;
  }
  if (ctx.globals().json) {
    process.stdout.write(`${JSON.stringify({ ok: false, error: `the build failed with ${err.diagnostics.length} problem(s)`, diagnostics: err.diagnostics }, null, keepGoing ? undefined : 2)}\n`);
  } else {
    for (const d of err.diagnostics) process.stderr.write(`${lib.formatDiagnostic(d)}\n`);
    process.stderr.write(`error: the build failed with ${err.diagnostics.length} problem(s)\n`);
  }
  if (!keepGoing) process.exitCode = 1;
}

async function watchUntilInterrupted(ctx: CliContext, lib: BuildLib, options: BuildOptions): Promise<void> {
  const { watchFirmware } = await import('../build/watch.ts');
  await new Promise<void>((done) => {
    const watcher = watchFirmware(options, (outcome) => {
      if (outcome instanceof Error) reportFailure(ctx, lib, outcome, true);
      else if (ctx.globals().json) process.stdout.write(`${JSON.stringify(summary(outcome))}\n`);
      else {
        printWarnings(lib, outcome);
        ctx.say(describe(lib, outcome));
      }
      if (!ctx.globals().json) ctx.say('watching firmware/ for changes (Ctrl-C to stop)');
    });
    void untilSignal().then(() => {
      watcher.close();
      done();
    });
  });
}
