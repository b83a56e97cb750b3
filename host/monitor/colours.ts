// ANSI colours for the monitor's output, used only when it goes to a terminal (and NO_COLOR is not set).
// Source: ECMA-48 SGR codes; https://no-color.org for NO_COLOR.
import type { LineLevel } from './line-decoder.ts';

const SGR: Record<LineLevel | 'uncaught' | 'note', string> = {
  error: '31',
  uncaught: '1;31',
  warning: '33',
  info: '32',
  notice: '36',
  note: '35',
  plain: '',
};

export function paint(style: keyof typeof SGR, text: string): string {
  const code = SGR[style];
  return code ? `\x1b[${code}m${text}\x1b[0m` : text;
}

/** Colours by default only on a terminal; NO_COLOR (any value) turns them off, FORCE_COLOR on. */
export function wantColour(isTty: boolean, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return isTty;
}

/** The line already carries colours of its own (ESP-IDF's coloured log). */
export function hasOwnColour(text: string): boolean {
  return /\x1b\[[0-9;]*m/.test(text);
}
