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
import { lowerLoopBindings } from './loop-bindings.ts';
import { hoistFunctions } from './functions.ts';
import { hoistFunctionsInText } from '../hoist-text.ts';

export interface Lowered {
  code: string;
  /** The runtime helpers the code needed. */
  helpers: string[];
}

export function lowerForEspruino(code: string, fileName = 'firmware.js'): Lowered {
  const sf = ts.createSourceFile(fileName, code, ts.ScriptTarget.ES2022, true, ts.ScriptKind.JS);
  const helpers = new Helpers();
  const passes = [
    cleanupBundle(),
    lowerClasses(helpers),
    lowerParameters(helpers),
    lowerDestructuring(helpers),
    lowerSpread(helpers),
    lowerComputedKeys(),
    lowerUnsafeTemplates(),
    lowerLoopBindings(),
  ];
  const result = ts.transform(sf, passes, { target: ts.ScriptTarget.ES2022, allowJs: true });
  const hoisted = ts.transform(result.transformed[0]!, [hoistFunctions()], { allowJs: true });
  const printer = ts.createPrinter({ removeComments: true, newLine: ts.NewLineKind.LineFeed });
  // the helpers are statements too: functions go back in front of them
  const out = hoistFunctionsInText(insertHelpers(printer.printFile(hoisted.transformed[0]!), helpers.source()));
  result.dispose();
  hoisted.dispose();
  return { code: out, helpers: helpers.names() };
}

/** Helpers go first in the bundle's wrapper function (so the minifier can shorten their names), else at the top. */
function insertHelpers(code: string, helpers: string): string {
  if (!helpers) return code;
  const wrapper = /^\s*\((?:\(\) => |function \(\) )\{\n/.exec(code);
  if (wrapper) return `${wrapper[0]}${helpers}\n${code.slice(wrapper[0].length)}`;
  return `${helpers}\n${code}`;
}
