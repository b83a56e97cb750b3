// Bundle the firmware's modules into one script with esbuild. Target ES2019, so esbuild itself lowers
// optional chaining, ?? and ??=/||=/&&= and class fields (without helpers); `**` becomes Math.pow. What
// remains for host/build/lower is what esbuild cannot lower without helpers Espruino cannot run.
import * as esbuild from 'esbuild';
import { displayPath, type BuildDiagnostic } from './diagnostic.ts';

/** Espruino's built-in modules: `require("Wifi")` stays a call to the board's require. */
export const ESPRUINO_MODULES = [
  'Wifi', 'net', 'Storage', 'ESP32', 'http', 'tls', 'crypto', 'dgram', 'heatshrink', 'Flash', 'neopixel', 'Telnet', 'fs', 'NetworkJS', 'CC3000', 'WIZnet',
];

export interface Bundled {
  code: string;
  diagnostics: BuildDiagnostic[];
}

export async function bundleFirmware(entry: string, root: string): Promise<Bundled> {
  try {
    const result = await esbuild.build({
      entryPoints: [entry],
      bundle: true,
      format: 'iife',
      platform: 'neutral',
      target: 'es2019',
      supported: { 'exponent-operator': false },
      write: false,
      charset: 'utf8',
      legalComments: 'none',
      treeShaking: true,
      external: ESPRUINO_MODULES,
      mainFields: ['module', 'main'],
      logLevel: 'silent',
      tsconfigRaw: { compilerOptions: { useDefineForClassFields: false, verbatimModuleSyntax: false } },
    });
    return { code: result.outputFiles[0]?.text ?? '', diagnostics: [] };
  } catch (err) {
    const failure = err as esbuild.BuildFailure;
    if (!Array.isArray(failure.errors)) throw err;
    return {
      code: '',
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
