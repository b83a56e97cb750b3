// Does a console line still have open brackets? The console keeps reading lines (showing ':') until the
// brackets balance, then executes them together. A port of jsiCountBracketsInInput (src/jsinteractive.c)
// with the parts of Espruino's lexer it relies on: strings, template literals, comments, regexes.
//
// - an unfinished string counts as balanced, so the line runs at once and fails with a syntax error;
// - an unfinished comment or template literal counts as very open (1000), so input keeps coming.

const UNFINISHED = 1000;

/** Tokens after which a '/' divides; anywhere else it starts a regular expression (src/jslex.c). */
function slashDivides(prev: string): boolean {
  return prev === 'id' || prev === 'num' || prev === 'str' || prev === ')' || prev === ']' || prev === '}';
}

export function countBrackets(text: string): number {
  let brackets = 0;
  let prev = '';
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    if (c === '/' && text[i + 1] === '/') {
      while (i < n && text[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) return UNFINISHED;
      i = end + 2;
      continue;
    }
    if (c === '"' || c === "'") {
      i++;
      while (i < n && text[i] !== c) {
        if (text[i] === '\\') i++;
        else if (text[i] === '\n') return 0; // strings do not span lines
        i++;
      }
      if (i >= n) return 0; // unfinished string: execute so it errors
      i++;
      prev = 'str';
      continue;
    }
    if (c === '`') {
      const end = skipTemplate(text, i + 1);
      if (end < 0) return UNFINISHED;
      i = end;
      prev = 'str';
      continue;
    }
    if (c === '/' && !slashDivides(prev)) {
      i++;
      let inClass = false;
      while (i < n && (text[i] !== '/' || inClass)) {
        if (text[i] === '\\') i++;
        else if (text[i] === '[') inClass = true;
        else if (text[i] === ']') inClass = false;
        else if (text[i] === '\n') break;
        i++;
      }
      i++;
      while (i < n && /[a-z]/i.test(text[i]!)) i++;
      prev = 'str';
      continue;
    }
    if (/[A-Za-z_$]/.test(c)) {
      while (i < n && /[\w$]/.test(text[i]!)) i++;
      prev = 'id';
      continue;
    }
    if (/[0-9]/.test(c)) {
      while (i < n && /[\w.]/.test(text[i]!)) i++;
      prev = 'num';
      continue;
    }
    if (c === '{' || c === '[' || c === '(') brackets++;
    if (c === '}' || c === ']' || c === ')') brackets--;
    if (brackets < 0) return brackets; // a closing bracket before its opening one
    prev = c;
    i++;
  }
  return brackets;
}

/** Index after the closing backtick of a template literal starting at `i`, or -1 if unfinished. */
function skipTemplate(text: string, i: number): number {
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    if (c === '\\') {
      i += 2;
      continue;
    }
    if (c === '`') return i + 1;
    if (c === '$' && text[i + 1] === '{') {
      // skip the expression up to its matching brace, minding nested strings and templates
      let depth = 1;
      i += 2;
      while (i < n && depth > 0) {
        const d = text[i]!;
        if (d === '`') {
          const end = skipTemplate(text, i + 1);
          if (end < 0) return -1;
          i = end;
          continue;
        }
        if (d === '"' || d === "'") {
          i++;
          while (i < n && text[i] !== d) i += text[i] === '\\' ? 2 : 1;
        } else if (d === '{') depth++;
        else if (d === '}') depth--;
        i++;
      }
      if (depth > 0) return -1;
      continue;
    }
    i++;
  }
  return -1;
}
