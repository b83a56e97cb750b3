// The command list. Each command is a thin file exporting `register(program, ctx)`.
import type { Command } from 'commander';
import type { CliContext } from './cli-context.ts';
import { register as ports } from './ports.ts';
import { register as flash } from './flash.ts';
import { register as erase } from './erase.ts';
import { register as info } from './info.ts';
import { register as backup } from './backup.ts';
import { register as hub } from './hub.ts';
import { register as push } from './push.ts';
import { register as ota } from './ota.ts';
import { register as monitor } from './monitor.ts';
import { register as bridge } from './bridge.ts';
import { register as deploy } from './deploy.ts';
import { register as sim } from './sim.ts';
import { register as build } from './build.ts';
import { register as demo } from './demo.ts';
import { register as init } from './init.ts';

export type RegisterCommand = (program: Command, ctx: CliContext) => void;

// In the order of a board's life (DESIGN.md), then the tools around it.
export const commands: RegisterCommand[] = [
  flash,
  init,
  build,
  deploy,
  monitor,
  bridge,
  push,
  ota,
  hub,
  sim,
  ports,
  erase,
  info,
  backup,
  demo,
];
