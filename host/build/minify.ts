// Minify the lowered code with esbuild, forbidding every syntax Espruino lacks so the minifier cannot
// reintroduce it (it would otherwise turn `a = a || b` into `a ||= b`, or `catch (e) {}` into `catch {}`).
import * as esbuild from 'esbuild';
import { EspkitError } from '../../core/errors.ts';

const FORBIDDEN: Record<string, boolean> = {
  'arrow': true,
  'template-literal': true,
  'const-and-let': true,
  'for-of': true,
  'nullish-coalescing': true,
  'object-accessors': true,
  'async-await': false,
  'async-generator': false,
  'generator': false,
  'bigint': false,
  'class': true,
  'class-field': false,
  'class-static-field': false,
  'class-private-field': false,
  'class-private-method': false,
  'class-static-blocks': false,
  'default-argument': false,
  'rest-argument': false,
  'array-spread': false,
  'object-rest-spread': false,
  'destructuring': false,
  'exponent-operator': false,
  'logical-assignment': false,
  'optional-chain': false,
  'optional-catch-binding': false,
  'new-target': false,
  'for-await': false,
  'unicode-escapes': false,
  'regexp-named-capture-groups': false,
  'regexp-lookbehind-assertions': false,
  'regexp-dot-all-flag': false,
  'regexp-match-indices': false,
};

export async function minifyForEspruino(code: string): Promise<string> {
  return (await minifyForEspruinoMapped(code)).code;
}

/** The same, with the source map from `code` to the minified code. */
export async function minifyForEspruinoMapped(code: string, renameProps: Record<string, string> = {}): Promise<{ code: string; map: string }> {
  // property renames (private-names.ts): exactly these names, to exactly these replacements
  const renamed = Object.keys(renameProps);
  const mangle = renamed.length > 0 ? { mangleProps: new RegExp(`^(?:${renamed.join('|')})$`), mangleCache: { ...renameProps } } : {};
  try {
    const result = await esbuild.transform(code, {
      ...mangle,
      minify: true,
      sourcemap: 'external',
      charset: 'utf8',
      legalComments: 'none',
      supported: FORBIDDEN,
      logLevel: 'silent',
    });
    return { code: result.code.trimEnd(), map: result.map };
  } catch (err) {
    const failure = err as esbuild.TransformFailure;
    const first = Array.isArray(failure.errors) ? failure.errors[0] : undefined;
    throw new EspkitError(`minifying the lowered firmware failed (a compiler bug): ${first ? first.text : String(err)}`);
  }
}
