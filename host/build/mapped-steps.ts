// The build's last steps (minify, rename what Espruino reserves, hoist functions in the text), each
// recorded on the source trail, and the map written beside the firmware.
import { dirname, relative, resolve, sep } from 'node:path';
import { minifyForEspruinoMapped } from './minify.ts';
import { renameEspruinoKeywordsMapped } from './reserved-names.ts';
import { hoistFunctionsInTextMapped } from './hoist-text.ts';
import { type SourceMapJson, type SourceTrail } from './source-map.ts';

/** Minify (renaming the properties in `renameProps`) and rename the names Espruino reserves, recording both steps. */
export async function recordMinify(code: string, trail: SourceTrail, renameProps: Record<string, string> = {}): Promise<string> {
  const minified = await minifyForEspruinoMapped(code, renameProps);
  trail.mapped(minified.code, minified.map);
  const renamed = renameEspruinoKeywordsMapped(minified.code);
  trail.edited(renamed.code, renamed.pieces);
  return renamed.code;
}

/** Function declarations first again (the minifier may move them), recorded. */
export function recordFinalHoist(code: string, trail: SourceTrail): string {
  const hoisted = hoistFunctionsInTextMapped(code);
  trail.edited(hoisted.code, hoisted.pieces);
  return hoisted.code;
}

/**
 * The map of the emitted `code`, to be written at `${out}.map`: sources relative to that folder (as the
 * format wants), with their text included, so a trace can show the TypeScript line as it was built.
 */
export function firmwareSourceMap(trail: SourceTrail, code: string, out: string, root: string): SourceMapJson {
  const here = dirname(out);
  const toMapRelative = (source: string): string => relative(here, resolve(root, source)).split(sep).join('/');
  return trail.toSourceMap(code, out.slice(here.length + 1), toMapRelative);
}
