// espkit deploy: store the firmware in the board's Storage (verified), write its settings, reboot into it
// and wait until the device is online (or, with --no-wait, its ready line). The work is
// host/espruino/deploy.ts; this file parses options, fills in the running hub's broker (--hub) and prints.
import { type Command, Option } from 'commander';
import { readFileSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { action, type CliContext } from './cli-context.ts';
import { EspkitError } from '../../core/errors.ts';
import type { DeployEvent } from '../espruino/deploy.ts';
import type { TraceRewriter } from '../espruino/trace.ts';
import { redactSettings } from '../espruino/settings.ts';
import { UsageError } from '../../core/errors.ts';
import { positiveWholeNumber } from './parse-options.ts';
import { addSettingOptions, settingsFromFlags, type SettingFlags } from './settings-options.ts';
import { brokerByDefault, brokerForBoard, refuseLoopbackForRealBoard } from './deploy-broker.ts';

/** The options besides the device settings (settings-options.ts makes those from the schema). */
interface DeployFlags extends SettingFlags {
  file?: string;
  build: boolean;
  compress: boolean;
  timeout: number;
  /** false with --no-wait. */
  wait: boolean;
  ready?: string;
  settle: number;
  onlineTimeout: number;
  /** The running hub to take the broker from: its data folder, or true for the default one. */
  hub?: string | boolean;
}

export const DEFAULT_FIRMWARE = 'dist/firmware.js';

/** --ready: a regular expression for the line that shows the program started. */
function readyPattern(text: string | undefined): RegExp | undefined {
  if (text === undefined) return undefined;
  try {
    return new RegExp(text);
  } catch (err) {
    throw new UsageError(`--ready: "${text}" is not a regular expression (${(err as Error).message})`);
  }
}

/**
 * The firmware to send: --file as it is, or dist/firmware.js of the project in this folder, built first
 * when it is older than the firmware's sources (unless --no-build).
 */
async function firmwareToSend(flags: DeployFlags, say: (line: string) => void): Promise<Buffer> {
  if (flags.file !== undefined) return readFirmware(flags.file);
  const root = process.cwd();
  if (flags.build && existsSync(resolve(root, 'firmware/tsconfig.json'))) {
    // the compiler (typescript, esbuild) is loaded only here, where there is firmware to build
    const { buildFirmware, isBuildStale } = await import('../build/index.ts');
    if (isBuildStale(root, DEFAULT_FIRMWARE)) {
      const built = await buildFirmware({ root, out: DEFAULT_FIRMWARE });
      say(`built ${built.out}: ${built.bytes} bytes (${Math.round((100 * built.bytes) / built.budget)}% of the budget)`);
    }
  }
  return readFirmware(DEFAULT_FIRMWARE);
}

function readFirmware(file: string): Buffer {
  const path = resolve(file);
  if (!existsSync(path)) throw new EspkitError(`no firmware at ${path}: run espkit build first (or pass --file)`);
  const code = readFileSync(path);
  if (code.length === 0) throw new EspkitError(`${path} is empty: run espkit build again`);
  return code;
}

export function register(program: Command, ctx: CliContext): void {
  const deploy = program
    .command('deploy')
    .description('store the firmware in the board (verified by CRC), write its settings, reboot into it')
    .option('--file <path>', `the firmware to send as it is (default: ${DEFAULT_FIRMWARE}, rebuilt first if stale)`)
    .option('--no-build', `send ${DEFAULT_FIRMWARE} without rebuilding it`);
  addSettingOptions(deploy)
    .option('--no-compress', 'send the code uncompressed even when the board has heatshrink')
    .option('--hub [dir]', 'take the broker and the device\'s login from the running hub (its data folder; default $ESPKIT_HUB or ~/.espkit/hub)')
    .option('--no-wait', 'end at the firmware\'s ready line instead of waiting until the device is online')
    .option('--ready <regex>', 'with --file: the console line that shows the program started')
    .addOption(new Option('--settle <s>', 'with --file and no --ready: seconds with no Uncaught error that count as started').argParser(positiveWholeNumber('--settle', 'seconds')).default(3))
    .addOption(new Option('--online-timeout <s>', 'seconds the device has to join WiFi and the broker').argParser(positiveWholeNumber('--online-timeout', 'seconds')).default(60))
    .addOption(new Option('--timeout <s>', 'seconds the new firmware has to print its ready line').argParser(positiveWholeNumber('--timeout', 'seconds')).default(20))
    .action(action(ctx, async (flags: DeployFlags) => {
      const settings = settingsFromFlags(flags);
      const ready = readyPattern(flags.ready);
      if (ready && flags.file === undefined) throw new UsageError('--ready goes with --file (espkit\'s firmware has its own ready line)');
      const globals = ctx.globals();
      const port = globals.port ?? 'auto';
      refuseLoopbackForRealBoard(settings, port); // before the board is touched, when the port is named
      const code = await firmwareToSend(flags, (line) => ctx.say(line));
      // loaded here, not at start-up: the serial link, the REPL and the source-map reader
      const [{ openLink }, { deployFirmware, BootFailure }, { loadFirmwareMap, TraceRewriter }, { recordDeployedFirmware }] = await Promise.all([
        import('../link/index.ts'), import('../espruino/deploy.ts'), import('../espruino/trace.ts'), import('../espruino/firmware-maps.ts'),
      ]);
      const board = ctx.board();
      const link = await openLink(port, { baud: globals.baud ?? board.consoleBaud, board, verbose: ctx.verbose });
      const terminal = Boolean(process.stderr.isTTY) && !globals.json;
      const progress = (e: DeployEvent): void => {
        if (e.phase === 'upload' && e.done !== undefined && e.total) {
          if (terminal) process.stderr.write(`\r  ${Math.floor((100 * e.done) / e.total)}% ${e.message}   `);
          if (e.done === e.total && terminal) process.stderr.write('\n');
          ctx.verbose(e.message);
          return;
        }
        ctx.say(e.message);
      };
      // the map beside the firmware explains a boot failure, and is kept for the monitor once deployed
      const codeFile = resolve(flags.file ?? DEFAULT_FIRMWARE);
      let traces: TraceRewriter | undefined;
      try {
        if (existsSync(`${codeFile}.map`)) traces = new TraceRewriter([loadFirmwareMap(codeFile)], { root: process.cwd() });
      } catch {
        ctx.verbose(`${codeFile}.map is not a readable source map: boot errors are shown as the board prints them`);
      }
      try {
        if (flags.hub !== undefined && flags.hub !== false) {
          const given = await brokerForBoard(link, settings, typeof flags.hub === 'string' ? flags.hub : undefined);
          for (const note of given.notes) ctx.say(`note: ${note}`);
        } else if (flags.file === undefined && typeof settings.broker !== 'string') {
          // espkit's firmware needs a broker: the running hub, or the one the device already has
          for (const note of await brokerByDefault(link, settings)) ctx.say(`note: ${note}`);
        }
        refuseLoopbackForRealBoard(settings, link.name);
        const result = await deployFirmware(link, {
          traces,
          code,
          settings: Object.keys(settings).length > 0 ? settings : undefined,
          compress: flags.compress,
          onProgress: progress,
          onLine: (line) => ctx.verbose(`board: ${line}`),
          readyTimeoutMs: flags.timeout * 1000,
          ready: ready ?? (flags.file !== undefined ? 'settle' : 'firmware'),
          settleMs: flags.settle * 1000,
          waitOnline: flags.wait,
          onlineTimeoutMs: flags.onlineTimeout * 1000,
        });
        recordDeployedFirmware(process.cwd(), code, result.crc, `${codeFile}.map`);
        if (globals.json) {
          ctx.json({ ok: true, port: link.name, settings: redactSettings(settings), ...result });
          return;
        }
        const kb = (result.bytes / 1024).toFixed(1);
        const running = result.deviceId ? `${result.deviceId} runs firmware ${result.version}` : 'the program runs';
        const online = result.onlineMs !== undefined ? ` and is online (${(result.onlineMs / 1000).toFixed(1)} s after boot)` : '';
        ctx.say(`deployed ${kb} KB to ${result.slot} (CRC ${result.crc.toString(16).padStart(8, '0')} verified, ${result.upload.chunks} chunks` +
          `${result.upload.resent ? `, ${result.upload.resent} resent` : ''}) in ${(result.ms.total / 1000).toFixed(2)} s; ${running}${online}`);
      } catch (err) {
        if (err instanceof BootFailure && !globals.json) {
          for (const line of err.trace) process.stderr.write(`${Buffer.from(line, 'latin1').toString('utf8')}\n`);
        }
        throw err;
      } finally {
        await link.close();
      }
    }));
}
