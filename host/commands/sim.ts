// espkit sim: run virtual DevBoards until interrupted. Prints each board's ports, MAC and device id; with --json
// one JSON line {"type":"ready","boards":[...]} and then every board event as a JSON line. Lines on stdin drive
// the boards (sim-controls.ts): pins, EN, the cable.
import { Option, type Command } from 'commander';
import { join } from 'node:path';
import { action, type CliContext } from './cli-context.ts';
import { positiveWholeNumber } from './parse-options.ts';
import { UsageError } from '../../core/errors.ts';
import { announceVirtualBoards } from '../link/virtual-boards.ts';
import { untilSignal } from '../../core/stop-signals.ts';
import type { StartBoardOptions, VirtualBoard } from '../../sim/index.ts';
import { inTerminalForeground, readSimControls, SIM_CONTROLS_HELP, type SimControl } from './sim-controls.ts';

interface SimOptions {
  count: number;
  flash?: string;
  ap?: string;
  boot: 'download' | 'flash';
  downloadMode: boolean;
  pacing: boolean;
  pty: boolean;
  espruino: boolean;
  espruinoBin?: string;
  model: boolean;
}

/** The default flash file of `espkit sim`, kept across runs. */
export const DEFAULT_SIM_FLASH = join('.espkit', 'sim', 'board.bin');

export function parseAp(value: string): { ssid: string; password: string } {
  const colon = value.indexOf(':');
  const ssid = colon < 0 ? value : value.slice(0, colon);
  const password = colon < 0 ? '' : value.slice(colon + 1);
  if (ssid.length === 0 || ssid.length > 32) throw new UsageError(`--ap takes SSID:PASSWORD with an SSID of 1 to 32 characters, got "${value}"`);
  if (password.length > 0 && (password.length < 8 || password.length > 63)) throw new UsageError('--ap: a WPA2 password has 8 to 63 characters (or leave it out for an open network)');
  return { ssid, password };
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command('sim')
    .description('run virtual DevBoards that speak the real protocols, until Ctrl-C')
    .addOption(new Option('--count <n>', 'how many boards').argParser(positiveWholeNumber('--count', 'boards')).default(1))
    .option('--flash <file>', `flash file (numbered for several boards; default ${DEFAULT_SIM_FLASH})`)
    .option('--ap <ssid:password>', 'the WiFi access point the boards can join (its network is this machine)')
    .addOption(new Option('--boot <mode>', 'GPIO0 where no modem lines drive it (socket://, pty)').choices(['download', 'flash']).default('flash'))
    .option('--download-mode', 'start in the ROM loader and return to it after every reset (BOOT held: --boot download), for socket:// clients such as esptool --before no-reset', false)
    .option('--no-pacing', 'move bytes as fast as possible instead of at the baud')
    .option('--no-pty', 'do not create pseudo-terminals')
    .option('--espruino', 'install placeholder Espruino images if the flash has none, so the boards boot into Espruino', false)
    .option('--espruino-bin <path>', 'the real Espruino interpreter to run as the boards\' Espruino (else $ESPKIT_ESPRUINO, else the cache folder)')
    .option('--model', 'run the Espruino model even when a real interpreter binary is found', false)
    .addHelpText('after', `\nWhile it runs, lines on stdin (typed, or piped by a script) drive the boards:\n${SIM_CONTROLS_HELP.map((l) => `  ${l}`).join('\n')}\n`)
    .action(action(ctx, async (options: SimOptions) => {
      const json = ctx.globals().json;
      const ap = options.ap !== undefined ? parseAp(options.ap) : undefined;
      // loaded here, not at start-up: the virtual board and its Espruino
      const { formatEventLine, socatAvailable, startBoards } = await import('../../sim/index.ts');
      const boot = options.downloadMode ? 'download' : options.boot;
      const withPty = options.pty && socatAvailable();
      if (options.pty && !withPty) ctx.verbose('socat is not installed: no pseudo-terminals (apt-get install socat)');
      const boardOptions: StartBoardOptions = {
        board: ctx.board(),
        flashFile: options.flash ?? DEFAULT_SIM_FLASH,
        boot,
        pacing: options.pacing,
        pty: withPty,
        installEspruino: options.espruino,
        espruino: options.model ? 'model' : 'auto',
        ...(options.espruinoBin ? { espruinoBin: options.espruinoBin } : {}),
        ...(ap ? { ap } : {}),
      };
      const boards = await startBoards(options.count, boardOptions);
      // So that `espkit ports` lists them and `-p auto` finds one when no real board is plugged in.
      // Listening for Ctrl-C before the ready lines: a signal sent as soon as they are read must still close the
      // boards and withdraw them, not end the process by the signal.
      const stopped = untilSignal();
      const withdraw = announceVirtualBoards(boards.map((b) => ({ deviceId: b.deviceId, mac: b.macAddress, ports: b.ports })));
      for (const b of boards) {
        b.onEvent((event) => {
          if (json) process.stdout.write(formatEventLine(event));
          else if (ctx.globals().verbose) process.stderr.write(`${event.device} ${event.type} ${JSON.stringify(event)}\n`);
        });
      }
      if (json) process.stdout.write(`${JSON.stringify({ type: 'ready', boards: boards.map(describe) })}\n`);
      else {
        for (const b of boards) {
          ctx.say(`${b.deviceId}  MAC ${b.macAddress}  ${b.ports.rfc2217}  ${b.ports.socket}${b.ports.pty ? `  ${b.ports.pty}` : ''}`);
          ctx.say(`  flash ${b.flashFile}, boot ${boot}, ${options.pacing ? 'paced' : 'unpaced'}`);
        }
        if (boards[0]) ctx.say(boards[0].interpreterLine);
      }
      // a background job reading its terminal would be stopped (SIGTTIN) the moment something is typed there
      const typing = process.stdin.isTTY === true && inTerminalForeground();
      if (!json) ctx.say(typing ? 'running; Ctrl-C stops; type help for the pins, reset and the cable' : 'running; Ctrl-C stops');
      const stopControls = process.stdin.isTTY && !typing ? undefined : controlBoards(ctx, boards, json);
      await stopped;
      stopControls?.();
      withdraw();
      await Promise.all(boards.map((b) => b.close()));
      if (json) process.stdout.write(`${JSON.stringify({ type: 'stopped' })}\n`);
      else ctx.say('stopped');
    }));
}

/** Act on the lines of stdin; in text mode each is answered with a line, with --json the board's events say it. */
function controlBoards(ctx: CliContext, boards: VirtualBoard[], json: boolean): () => void {
  let current = 0;
  const fail = (reason: string): void => {
    process.stderr.write(`error: ${reason}\n`);
  };
  const act = (control: SimControl): void => {
    const board = boards[current]!;
    const off = board.state === 'off';
    switch (control.kind) {
      case 'pin':
        if (off) return fail(`${board.deviceId} is unplugged: replug it first`);
        board.setPin(control.pin, control.level);
        return ctx.say(`${board.deviceId}: D${control.pin} driven ${control.level === 1 ? 'high' : 'low'}`);
      case 'reset':
        if (off) return fail(`${board.deviceId} is unplugged: replug it first`);
        board.reset();
        return ctx.say(`${board.deviceId}: EN pressed`);
      case 'unplug':
        if (off) return fail(`${board.deviceId} is unplugged already`);
        board.unplug();
        return ctx.say(`${board.deviceId}: unplugged; replug plugs it back in`);
      case 'replug':
        if (!off) return fail(`${board.deviceId} is plugged in already`);
        board.replug();
        return ctx.say(`${board.deviceId}: plugged in`);
      case 'board':
        current = control.index - 1;
        return ctx.say(`controls go to board ${control.index}, ${boards[current]!.deviceId}`);
      case 'help':
        if (!json) for (const line of SIM_CONTROLS_HELP) ctx.say(line);
        return;
    }
  };
  return readSimControls(process.stdin, boards.length, act, fail);
}

function describe(b: VirtualBoard): Record<string, unknown> {
  return { deviceId: b.deviceId, mac: b.macAddress, flash: b.flashFile, ports: b.ports, espruino: b.interpreter };
}
