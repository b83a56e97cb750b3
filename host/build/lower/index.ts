// Lower bundled JavaScript (esbuild output, target ES2019: optional chaining, ?? and logical assignment
// are already gone) to what Espruino runs: each pass is one file and one job, applied in this order.
import ts from 'typescript';
import { Helpers } from './helpers.ts';
import { cleanupBundle } from './cleanup.ts';
import { lowerClasses } from './classes.ts';
import { lowerParameters } from './params.ts';
import { lowerDestructuring } from './destructuring.ts';
import { lowerSpread } from './spread.ts';
import { lowerComputedKeys } from './computed-keys.ts';
import { lowerUnsafeTemplates } from './templates.ts';
import { lowerToFixed } from './to-fixed.ts';
import { lowerClassExpressionNames } from './class-names.ts';
import { lowerNumberSemantics } from './number-semantics.ts';
import { lowerLoopBindings } from './loop-bindings.ts';
import { hoistFunctions } from './functions.ts';
import { hoistFunctionsInTextMapped } from '../hoist-text.ts';
import { prefixPieces, type Piece, type SourceTrail } from '../source-map.ts';

export interface Lowered {
  code: string;
  /** The runtime helpers the code needed. */
  helpers: string[];
}

export function lowerForEspruino(code: string, fileName = 'firmware.js', trail?: SourceTrail): Lowered {
  const helpers = new Helpers();
  const passes = [
    cleanupBundle(),
    lowerClasses(helpers),
    lowerClassExpressionNames(),
    lowerParameters(helpers),
    lowerDestructuring(helpers),
    lowerSpread(helpers),
    lowerComputedKeys(),
    lowerUnsafeTemplates(),
    lowerToFixed(helpers),
    lowerNumberSemantics(helpers),
    lowerLoopBindings(),
    hoistFunctions(),
  ];
  // transpileModule runs the passes in this order, as ts.transform would, and prints the result with
  // TypeScript's emitter, which also writes the source map (target ESNext: it lowers nothing of its own)
  const emitted = ts.transpileModule(code, {
    fileName,
    reportDiagnostics: false,
    transformers: { before: passes },
    compilerOptions: {
      target: ts.ScriptTarget.ESNext,
      module: ts.ModuleKind.Preserve,
      allowJs: true,
      removeComments: true,
      sourceMap: true,
      newLine: ts.NewLineKind.LineFeed,
    },
  });
  const printed = emitted.outputText.replace(/\n?\/\/# sourceMappingURL=\S*\s*$/, '\n');
  trail?.mapped(printed, emitted.sourceMapText ?? '');
  // the helpers are statements too: functions go back in front of them
  const withHelpers = insertHelpers(printed, helpers.source());
  trail?.edited(withHelpers.code, withHelpers.pieces);
  const out = hoistFunctionsInTextMapped(withHelpers.code);
  trail?.edited(out.code, out.pieces);
  return { code: out.code, helpers: helpers.names() };
}

/** Helpers go first in the bundle's wrapper function (so the minifier can shorten their names), else at the top. */
function insertHelpers(code: string, helpers: string): { code: string; pieces: Piece[] } {
  if (!helpers) return { code, pieces: prefixPieces(code.length) };
  const wrapper = /^\s*\((?:\(\) => |function \(\) )\{\n/.exec(code);
  const at = wrapper ? wrapper[0].length : 0;
  const inserted = helpers.length + 1;
  return {
    code: `${code.slice(0, at)}${helpers}\n${code.slice(at)}`,
    pieces: [...prefixPieces(at), { outStart: at + inserted, inStart: at, length: code.length - at }],
  };
}
