// How Espruino 2v29's lexer (src/jslex.c) reads words and slashes, as data for the compiler's checks and the
// virtual board's syntax check. docs/espruino.md explains them.

/**
 * Words Espruino's lexer treats as keywords although JavaScript lets them name variables:
 * a variable called `of` or `undefined` is a syntax error on the board.
 */
export const ESPRUINO_ONLY_RESERVED: ReadonlySet<string> = new Set(['of', 'undefined', 'let', 'static', 'super']);

/** Espruino's keywords: none of them can name a class member, and a `/` after one starts a regex. */
export const ESPRUINO_KEYWORDS: ReadonlySet<string> = new Set([
  'break', 'case', 'catch', 'class', 'const', 'continue', 'default', 'delete', 'do', 'debugger', 'else', 'extends',
  'false', 'finally', 'for', 'function', 'if', 'in', 'instanceof', 'let', 'new', 'null', 'of', 'return', 'static',
  'super', 'switch', 'this', 'throw', 'true', 'try', 'typeof', 'undefined', 'while', 'var', 'void',
]);

/**
 * Single characters after which the lexer reads `/` as the start of a regex; after anything else (a name, a
 * number, `)`, `]`) it is a division. It decides from the previous token alone.
 */
export const REGEX_AFTER: ReadonlySet<string> = new Set([...'!%&*+-/<=>?[{}(,;:']);

/**
 * The flags the lexer takes after a regex literal's closing `/`. Any other letter there (s, d, v) is read as
 * a name right after the regex: a syntax error.
 */
export const REGEX_LITERAL_FLAGS = 'gimyu';

/**
 * Keywords that are values: after them `/` is a division, as after a name (src/jslex.c excludes them from the
 * keywords after which a regex starts). After every other keyword, also one used as a property name
 * (`a.default / 2`, `this / 2`), Espruino reads `/` as the start of a regex.
 */
export const VALUE_KEYWORDS: ReadonlySet<string> = new Set(['true', 'false', 'null', 'undefined']);

/** Does Espruino's lexer read a `/` right after this word as the start of a regex? */
export function regexAfterWord(word: string): boolean {
  return ESPRUINO_KEYWORDS.has(word) && !VALUE_KEYWORDS.has(word);
}

/**
 * Where Espruino's lexer ends a regex literal (jslLexRegex): the offset in `literal` (which starts with its
 * opening `/`) of the first `/` no backslash escapes, inside `[...]` or not. JavaScript ends it later when
 * a `/` sits inside a class; the board then reads the rest as code (a SyntaxError).
 */
export function espruinoRegexEnd(literal: string): number {
  for (let i = 1; i < literal.length; i++) {
    if (literal[i] === '\\') i++;
    else if (literal[i] === '/') return i;
  }
  return -1;
}
