// The --before and --after choices of flash, erase, info and backup. Their own module, free of esptool-js, so
// the CLI can define those options without loading the flasher.
import type { BeforeMode } from './loader-errors.ts';

export type { BeforeMode } from './loader-errors.ts';
export type AfterMode = 'hard-reset' | 'no-reset';
export const BEFORE_MODES: BeforeMode[] = ['default-reset', 'no-reset'];
export const AFTER_MODES: AfterMode[] = ['hard-reset', 'no-reset'];
