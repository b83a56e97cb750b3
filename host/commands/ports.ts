import type { Command } from 'commander'; import type { CliContext } from '../cli-context.ts'; export function register(_p: Command, _c: CliContext): void {}
