// What Espruino 2v29's regular expressions support. The engine (src/jswrap_regexp.c at RELEASE_2V29) is a
// small backtracking matcher that reads the pattern text while it matches: it knows literal characters, `.`,
// classes `[...]`/`[^...]` with ranges, the escapes \d \D \w \W \s \S \n \r \t \v \f \0 \xHH, the
// quantifiers `*` and `+` on one element, capturing groups, `|` between whole alternatives, `^` at the start
// and `$` at the end of the text, and the flags g and i. Anything else is not an error on the board: it is
// read as literal text or ignored, so the regex silently matches something else (or nothing).
// The lexer (src/jslex.c, jslLexRegex) ends a regex literal at the first unescaped `/`, even inside `[...]`.
// REGEX_CLAIMS below are checked against the real interpreter by the facts probe; findUnsupportedRegex is
// what the compiler refuses. docs/espruino.md says the same in prose.

export interface RegexClaim {
  /** Stable name of the claim. */
  id: string;
  /** The pattern between the slashes and the flags, as written in a regex literal. */
  source: string;
  flags: string;
  /** The text it is run on with exec(). */
  input: string;
  /**
   * What the board gives: JSON.stringify(exec result), or "throws" when creating or running the regex
   * throws (a syntax error for a literal).
   */
  board: string;
  /** supported: Node gives the same; refused: Node differs and the compiler refuses it; documented: Node differs, not detectable. */
  status: 'supported' | 'refused' | 'documented';
  what: string;
}

export const REGEX_CLAIMS: readonly RegexClaim[] = [
  { id: 'literal', source: 'abc', flags: '', input: 'xabcx', board: '["abc"]', status: 'supported', what: 'literal characters' },
  { id: 'dot', source: 'a.c', flags: '', input: 'abc', board: '["abc"]', status: 'supported', what: '. matches any character' },
  { id: 'class-range', source: '[a-c]+', flags: '', input: 'xbcay', board: '["bca"]', status: 'supported', what: 'classes with ranges' },
  { id: 'class-negated', source: '[^0-9]+', flags: '', input: '12ab3', board: '["ab"]', status: 'supported', what: 'negated classes' },
  { id: 'class-escapes', source: '[\\d.]+', flags: '', input: 'v1.25x', board: '["1.25"]', status: 'supported', what: 'escapes and . inside a class' },
  { id: 'class-hex-range', source: '[\\x00-\\x1f]', flags: '', input: 'a\tb', board: '["\\t"]', status: 'supported', what: '\\xHH ranges in a class' },
  { id: 'escapes-dws', source: '\\d+\\s\\w+', flags: '', input: 'x 12 ab', board: '["12 ab"]', status: 'supported', what: '\\d \\s \\w' },
  { id: 'escapes-upper', source: '\\D\\W\\S', flags: '', input: '1a-b', board: '["a-b"]', status: 'supported', what: '\\D \\W \\S' },
  { id: 'escape-hex', source: '\\x41', flags: '', input: 'A', board: '["A"]', status: 'supported', what: '\\xHH' },
  { id: 'escape-controls', source: 'a\\tb\\n', flags: '', input: 'a\tb\n', board: '["a\\tb\\n"]', status: 'supported', what: '\\t \\n \\r \\v \\f \\0' },
  { id: 'escape-punctuation', source: 'a\\.b\\/c\\(', flags: '', input: 'a.b/c(', board: '["a.b/c("]', status: 'supported', what: 'escaped punctuation is literal' },
  { id: 'star', source: 'ab*c', flags: '', input: 'ac', board: '["ac"]', status: 'supported', what: '* on one element' },
  { id: 'plus', source: 'ab+c', flags: '', input: 'abbc', board: '["abbc"]', status: 'supported', what: '+ on one element' },
  { id: 'plus-before-end', source: '\\d+$', flags: '', input: 'ab12', board: '["12"]', status: 'supported', what: '+ just before $' },
  { id: 'groups', source: '(\\d+)-(\\d+)', flags: '', input: 'x12-34', board: '["12-34","12","34"]', status: 'supported', what: 'capturing groups (up to 9)' },
  { id: 'nine-groups', source: '(a)(b)(c)(d)(e)(f)(g)(h)(i)', flags: '', input: 'abcdefghi', board: '["abcdefghi","a","b","c","d","e","f","g","h","i"]', status: 'supported', what: 'nine groups' },
  { id: 'alternation', source: 'cat|dog', flags: '', input: 'hotdog', board: '["dog"]', status: 'supported', what: '| between whole alternatives' },
  { id: 'anchors', source: '^\\s*(\\w+)\\s*$', flags: '', input: '  hi ', board: '["  hi ","hi"]', status: 'supported', what: '^ and $' },
  { id: 'flag-i', source: '[^a-z]+$', flags: 'i', input: 'abC12', board: '["12"]', status: 'supported', what: 'the i flag' },
  { id: 'flag-g', source: 'a', flags: 'g', input: 'bab', board: '["a"]', status: 'supported', what: 'the g flag (exec, replace, match)' },
  { id: 'optional', source: 'ab?c', flags: '', input: 'ac', board: 'null', status: 'refused', what: 'x? (read as a literal ?)' },
  { id: 'optional-before-end', source: 'ab?$', flags: '', input: 'a', board: 'null', status: 'refused', what: 'x? just before $' },
  { id: 'optional-group', source: 'a(b)?c', flags: '', input: 'ac', board: 'null', status: 'refused', what: '(...)? an optional group' },
  { id: 'non-capturing', source: '(?:ab)c', flags: '', input: 'abc', board: 'null', status: 'refused', what: '(?:...) non-capturing groups' },
  { id: 'lookahead', source: 'a(?=b)', flags: '', input: 'ab', board: 'null', status: 'refused', what: '(?=...) and (?!...) lookahead' },
  { id: 'lookbehind', source: '(?<=a)b', flags: '', input: 'ab', board: 'null', status: 'refused', what: '(?<=...) and (?<!...) lookbehind' },
  { id: 'named-group', source: '(?<n>\\d+)', flags: '', input: '12', board: 'null', status: 'refused', what: '(?<name>...) named groups' },
  { id: 'counted', source: 'a{2}', flags: '', input: 'aa', board: 'null', status: 'refused', what: '{n} and {n,m} (read as literal text)' },
  { id: 'lazy', source: 'a+?', flags: '', input: 'aaa', board: 'null', status: 'refused', what: 'lazy quantifiers *? +?' },
  { id: 'quantified-group', source: '(ab)+', flags: '', input: 'abab', board: 'null', status: 'refused', what: 'a quantifier after a group' },
  { id: 'alternation-in-group', source: 'x(a|b)y', flags: '', input: 'xby', board: '["by"]', status: 'refused', what: '| inside a group (splits the whole regex)' },
  { id: 'nested-groups', source: '((a)b)', flags: '', input: 'ab', board: '["ab","","ab"]', status: 'refused', what: 'nested groups (a ) closes the innermost open group)' },
  { id: 'backreference', source: '(a)\\1', flags: '', input: 'aa', board: 'throws', status: 'refused', what: 'backreferences \\1-\\9 (throw "Backreferences not supported")' },
  { id: 'word-boundary', source: '\\bfoo', flags: '', input: 'a foo', board: 'null', status: 'refused', what: '\\b (a backspace character on the board)' },
  { id: 'non-word-boundary', source: '\\Boo', flags: '', input: 'foo', board: 'null', status: 'refused', what: '\\B (a literal B on the board)' },
  { id: 'unicode-escape', source: '\\u0041', flags: '', input: 'A', board: 'null', status: 'refused', what: '\\uXXXX (a literal u on the board)' },
  { id: 'control-escape', source: '\\cJ', flags: '', input: '\n', board: 'null', status: 'refused', what: '\\cX control escapes' },
  { id: 'flag-m', source: '^b', flags: 'm', input: 'a\nb', board: 'null', status: 'refused', what: 'the m flag (^ and $ stay the ends of the text)' },
  { id: 'flag-y', source: 'b', flags: 'y', input: 'ab', board: '["b"]', status: 'refused', what: 'the y flag (ignored)' },
  { id: 'flag-s', source: 'a.b', flags: 's', input: 'a\nb', board: 'throws', status: 'refused', what: 'the s flag (the lexer stops before it: a syntax error)' },
  { id: 'slash-in-class', source: '[/]', flags: '', input: '/', board: 'throws', status: 'refused', what: 'an unescaped / inside [...] ends the literal (SyntaxError)' },
  { id: 'plus-may-match-none', source: 'a+a', flags: '', input: 'a', board: '["a"]', status: 'documented', what: 'x+ can match no x when what follows matches the same character' },
  { id: 'unmatched-group', source: '(a)|b', flags: '', input: 'b', board: '["b",""]', status: 'documented', what: 'a group that took no part is "" (undefined in JavaScript)' },
];

export interface RegexProblem {
  /** Offset in the pattern source (0 = its first character). */
  offset: number;
  message: string;
  hint: string;
}

export interface RegexCheckOptions {
  /** The pattern is a regex literal's text (so an unescaped / ends it on the board). */
  literal: boolean;
}

const COUNTED = /^\{\d+(,\d*)?\}/;
const HEX2 = /^[0-9a-fA-F]{2}$/;

/**
 * What in `source` (a pattern, as between the slashes of a literal or in the string given to RegExp) and
 * `flags` Espruino's engine does not do as JavaScript does. Empty when the board runs it as Node would.
 */
export function findUnsupportedRegex(source: string, flags: string, options: RegexCheckOptions): RegexProblem[] {
  const out: RegexProblem[] = [];
  const at = (offset: number, message: string, hint: string): void => {
    out.push({ offset, message, hint });
  };
  let depth = 0;
  let groups = 0;
  let anchors = false;
  /** Could a quantifier follow what came before (an element, not a group end, anchor or start)? */
  let afterElement = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '\\') {
      const len = checkEscape(source, i, false, at);
      i += len - 1;
      afterElement = true;
    } else if (c === '[') {
      i = checkClass(source, i, options.literal, at);
      afterElement = true;
    } else if (c === '(') {
      afterElement = false;
      if (source[i + 1] === '?') {
        const kind = source.slice(i + 2, i + 4);
        if (kind.startsWith(':')) at(i, 'non-capturing groups (?:...) are not supported by Espruino\'s regex engine', 'use a capturing group ( ... ) and ignore its number, or split the regex in two');
        else if (kind.startsWith('=') || kind.startsWith('!')) at(i, 'lookahead (?=...) / (?!...) is not supported by Espruino\'s regex engine', 'match more and take a group, or test the following text in code');
        else if (kind === '<=' || kind === '<!') at(i, 'lookbehind (?<=...) / (?<!...) is not supported by Espruino\'s regex engine', 'match the text before and take a group');
        else at(i, 'named groups (?<name>...) are not supported by Espruino\'s regex engine', 'use a numbered group and read match[1]');
        const close = kind.startsWith('<') && kind !== '<=' && kind !== '<!' ? source.indexOf('>', i) : -1;
        i = close > i ? close : i + 1 + (kind.startsWith('<') ? 2 : 1);
      } else if (depth > 0) {
        at(i, 'nested groups capture the wrong text on Espruino (a ")" closes the last group opened)', 'use one level of groups, e.g. (a)(b) instead of ((a)b)');
      } else if (++groups > 9) {
        at(i, 'Espruino keeps at most 9 groups', 'split the regex, or capture fewer parts');
      }
      depth++;
    } else if (c === ')') {
      depth = Math.max(0, depth - 1);
      const q = source[i + 1];
      if (q === '*' || q === '+' || q === '?' || (q === '{' && COUNTED.test(source.slice(i + 1)))) {
        at(i + 1, `a quantifier after a group ("${q}") is not supported by Espruino's regex engine`, q === '?' ? 'write two regexes, one with the group and one without' : 'repeat single elements inside the group, e.g. ([a-z0-9]+)');
        i++;
      }
      afterElement = false;
    } else if (c === '|') {
      if (depth > 0) at(i, 'alternation | inside a group is not supported: Espruino splits the whole regex there', 'put the alternatives at the top level (cat|dog), or use one regex per alternative');
      afterElement = false;
    } else if (c === '?') {
      const prev = source[i - 1];
      if (afterElement && (prev === '*' || prev === '+')) at(i, 'lazy quantifiers (*? +?) are not supported by Espruino\'s regex engine', 'use a class that excludes the end, e.g. [^"]* instead of .*?');
      else at(i, 'the optional quantifier ? is not supported by Espruino\'s regex engine (it reads ? as a literal character)', 'write two regexes (with and without the element), or use * where repeating it does no harm');
      afterElement = false;
    } else if (c === '{' && COUNTED.test(source.slice(i))) {
      const m = COUNTED.exec(source.slice(i))!;
      at(i, `counted repetition ${m[0]} is not supported by Espruino's regex engine (it reads it as literal text)`, 'write the element out n times, or match with + and check the length');
      i += m[0].length - 1;
      afterElement = false;
    } else if (c === '^' || c === '$') {
      anchors = true;
      afterElement = false;
    } else if (c === '/' && options.literal) {
      // the TypeScript scanner only lets this through inside a class, handled there
      afterElement = true;
    } else if (c === '*' || c === '+') {
      afterElement = true;
    } else {
      afterElement = true;
    }
  }
  for (const f of flags) {
    if (f === 'g' || f === 'i' || f === 'u') continue;
    if (f === 'm') {
      if (anchors) at(0, 'the m flag is ignored by Espruino: ^ and $ match only at the ends of the text', 'split the text into lines and match each line');
    } else if (f === 'y') at(0, 'the y (sticky) flag is ignored by Espruino', 'use ^ on text.slice(lastIndex)');
    else at(0, `the ${f} flag is not supported by Espruino${options.literal && f === 's' ? ' (a syntax error after a regex literal)' : ''}`, f === 's' ? 'use [^] or [\\s\\S] where . should match newlines' : 'use only the g and i flags');
  }
  return out;
}

type Report = (offset: number, message: string, hint: string) => void;

/** Check the escape at `i` (a backslash); returns its length. */
function checkEscape(source: string, i: number, inClass: boolean, at: Report): number {
  const e = source[i + 1];
  if (e === undefined) return 1;
  if (e === 'x') {
    if (!HEX2.test(source.slice(i + 2, i + 4))) at(i, '\\x needs two hex digits on Espruino', 'write \\xHH, e.g. \\x0a');
    return 4;
  }
  if (e === 'u') at(i, '\\u escapes are not supported by Espruino\'s regex engine (it reads a literal u)', 'use \\xHH for characters up to \\xff; Espruino strings hold bytes');
  else if (e === 'c') at(i, '\\cX control escapes are not supported by Espruino\'s regex engine', 'use \\xHH');
  else if (e === 'p' || e === 'P') at(i, 'Unicode property escapes are not supported by Espruino\'s regex engine', 'use a class of the characters you mean');
  else if (e === 'k') at(i, 'named backreferences are not supported by Espruino\'s regex engine', 'compare the groups in code');
  else if (e >= '1' && e <= '9') at(i, inClass ? 'octal escapes in a class are read as backreferences by Espruino (they throw)' : 'backreferences (\\1-\\9) throw "Backreferences not supported" on Espruino', inClass ? 'use \\xHH' : 'capture both parts and compare them in code');
  else if (!inClass && e === 'b') at(i, '\\b is a backspace character in Espruino\'s regex engine, not a word boundary', 'match the separator explicitly, e.g. (^|[^\\w]) or \\s, and take a group');
  else if (!inClass && e === 'B') at(i, '\\B is not supported by Espruino\'s regex engine (it reads a literal B)', 'match the neighbouring characters explicitly');
  return 2;
}

/** Check the class starting at `i` (a `[`); returns the index of its closing `]` (or the end). */
function checkClass(source: string, i: number, literal: boolean, at: Report): number {
  let j = i + 1;
  if (source[j] === '^') j++;
  for (; j < source.length && source[j] !== ']'; j++) {
    const c = source[j]!;
    if (c === '\\') j += checkEscape(source, j, true, at) - 1;
    else if (c === '/' && literal) at(j, 'an unescaped / inside [...] ends the regex literal on Espruino (SyntaxError)', 'escape it: \\/');
  }
  return j;
}
