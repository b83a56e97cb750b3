// What every command gets from the CLI: the global options, output helpers and the error policy.
// Commands stay thin: parse their options, call a library function, print through here.
import type { Command } from 'commander';
import { EspkitError, EXIT_FAILURE, oneLine } from '../../core/errors.ts';
import { loadBoard, type BoardProfile } from '../../core/board.ts';

export interface GlobalOptions {
  /** --port: a serial path, socket://host:port, rfc2217://host:port or auto. */
  port?: string;
  /** --baud: the link's baud rate. */
  baud?: number;
  /** --board: a profile id or JSON file. */
  board: string;
  json: boolean;
  verbose: boolean;
}

export interface CliContext {
  /** The global options as given on this run. */
  globals(): GlobalOptions;
  /** The board profile named by --board (loaded once). */
  board(): BoardProfile;
  /** A line for people (suppressed with --json). */
  say(line: string): void;
  /** A note shown only with --verbose, on stderr. */
  verbose(line: string): void;
  /** The one JSON document a command prints with --json. */
  json(value: unknown): void;
}

export function createContext(program: Command): CliContext {
  let board: BoardProfile | undefined;
  const globals = (): GlobalOptions => program.opts<GlobalOptions>();
  return {
    globals,
    board: () => (board ??= loadBoard(globals().board)),
    say: (line) => {
      if (!globals().json) process.stdout.write(`${line}\n`);
    },
    verbose: (line) => {
      if (globals().verbose) process.stderr.write(`${line}\n`);
    },
    json: (value) => {
      process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
    },
  };
}

/**
 * Wrap a command's action: an error becomes one line on stderr and the exit code it carries
 * (EspkitError) or 1. With --verbose the stack is shown too.
 */
export function action<A extends unknown[]>(ctx: CliContext, fn: (...args: A) => Promise<void> | void): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await fn(...args);
    } catch (err) {
      const code = err instanceof EspkitError ? err.code : EXIT_FAILURE;
      if (ctx.globals().json) process.stdout.write(`${JSON.stringify({ ok: false, error: oneLine(err) })}\n`);
      process.stderr.write(`error: ${oneLine(err)}\n`);
      if (ctx.globals().verbose && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
      process.exitCode = code;
    }
  };
}
