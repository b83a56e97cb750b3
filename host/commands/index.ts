// The command list. Each command is a thin file exporting `register(program, ctx)`.
import type { Command } from 'commander';
import type { CliContext } from '../cli-context.ts';
import { register as ports } from './ports.ts';

export type RegisterCommand = (program: Command, ctx: CliContext) => void;

export const commands: RegisterCommand[] = [
  ports,
];
