// Bundle the firmware's modules into one script with esbuild. Target ES2019, so esbuild itself lowers
// optional chaining, ?? and ??=/||=/&&= and class fields (without helpers); `**` becomes Math.pow. What
// remains for host/build/lower is what esbuild cannot lower without helpers Espruino cannot run.
import * as esbuild from 'esbuild';
import { join } from 'node:path';
import { displayPath, type BuildDiagnostic } from './diagnostic.ts';
import { ESP32_MODULES } from '../../core/espruino/esp32-globals.ts';

/**
 * Espruino's built-in modules: `require("Wifi")` stays a call to the board's require, and such a name is never
 * looked for in the module library. Generated with firmware/types/espruino.d.ts from Espruino's sources, so
 * a module the typings declare is never bundled and one they do not declare (`CC3000`, or `ESP32`, a global
 * object on this build) is looked for like any library module.
 */
export const ESPRUINO_MODULES: readonly string[] = ESP32_MODULES;

export interface Bundled {
  code: string;
  /** The source map of `code`; its sources are paths relative to the project root. */
  map: string;
  diagnostics: BuildDiagnostic[];
}

/**
 * `libraryModules` are the names the firmware requires from Espruino's module library (host/build/modules):
 * like the built-in ones they stay require calls, for the modules the build adds in front of the code.
 * `rewritten` gives the text to bundle instead of a file's own, by absolute path (unary-plus.ts); each such
 * text ends in an inline source map back to the file, which esbuild follows.
 */
export async function bundleFirmware(
  entry: string, root: string, rewritten: ReadonlyMap<string, string> = new Map(), libraryModules: readonly string[] = [],
): Promise<Bundled> {
  const plugins: esbuild.Plugin[] = rewritten.size === 0 ? [] : [{
    name: 'espkit-rewritten-sources',
    setup(build) {
      build.onLoad({ filter: /\.[cm]?tsx?$/ }, (args) => {
        const contents = rewritten.get(args.path);
        return contents === undefined ? undefined : { contents, loader: args.path.endsWith('x') ? 'tsx' : 'ts' };
      });
    },
  }];
  try {
    const result = await esbuild.build({
      entryPoints: [entry],
      bundle: true,
      format: 'iife',
      platform: 'neutral',
      target: 'es2019',
      supported: { 'exponent-operator': false },
      write: false,
      // nothing is written: the name only makes the map's sources relative to the project root
      outfile: join(root, 'bundle.js'),
      sourcemap: 'external',
      charset: 'utf8',
      legalComments: 'none',
      treeShaking: true,
      external: [...ESPRUINO_MODULES, ...libraryModules],
      mainFields: ['module', 'main'],
      logLevel: 'silent',
      plugins,
      tsconfigRaw: { compilerOptions: { useDefineForClassFields: false, verbatimModuleSyntax: false } },
    });
    const file = (suffix: string): string => result.outputFiles.find((f) => f.path.endsWith(suffix))?.text ?? '';
    return { code: file('.js'), map: file('.js.map'), diagnostics: [] };
  } catch (err) {
    const failure = err as esbuild.BuildFailure;
    if (!Array.isArray(failure.errors)) throw err;
    return {
      code: '',
      map: '',
      diagnostics: failure.errors.map((m) => ({
        file: m.location ? displayPath(root, m.location.file) : '(bundle)',
        line: m.location?.line ?? 1,
        column: (m.location?.column ?? 0) + 1,
        message: m.text,
        kind: 'type' as const,
      })),
    };
  }
}
