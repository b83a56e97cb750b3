// The modules a piece of code asks for by name: every `require("NAME")` whose argument is a plain string,
// read with the TypeScript parser (so a require in a comment, a string or a regex is not one). That is how
// the Espruino Web IDE finds the modules to send with a program, and what stays a call on the board.
import ts from 'typescript';
import { ESPRUINO_MODULES } from '../bundle.ts';

const BUILT_IN: ReadonlySet<string> = new Set(ESPRUINO_MODULES);

/** A name of Espruino's module library: letters, digits, `_`, `-` and `.`, not a path or a URL. */
const LIBRARY_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

export interface RequireCall {
  name: string;
  /** 1-based line and column of the call's argument. */
  line: number;
  column: number;
}

/** Every require("...") call with a literal name, in the order written. `fileName` picks JS or TS parsing. */
export function requireCalls(code: string, fileName: string): RequireCall[] {
  const kind = /\.[cm]?tsx?$/.test(fileName) ? ts.ScriptKind.TS : ts.ScriptKind.JS;
  const sf = ts.createSourceFile(fileName, code, ts.ScriptTarget.ESNext, true, kind);
  const out: RequireCall[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'require' && node.arguments.length >= 1) {
      const arg = node.arguments[0]!;
      if (ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg)) {
        const at = sf.getLineAndCharacterOfPosition(arg.getStart(sf));
        out.push({ name: arg.text, line: at.line + 1, column: at.character + 1 });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

/** Is `name` one of the board's built-in modules (never fetched: the board's require answers it)? */
export function isBuiltInModule(name: string): boolean {
  return BUILT_IN.has(name);
}

/** A relative or absolute path: the bundler resolves those among the firmware's own files. */
export function isPathRequire(name: string): boolean {
  return name.startsWith('.') || name.startsWith('/');
}

/** Why `name` cannot be a library module, or undefined when it can. */
export function badLibraryName(name: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(name)) return `require("${name}"): a module is required by name, not by URL: save the file as modules/NAME.js and require("NAME")`;
  if (!LIBRARY_NAME.test(name)) return `require("${name}"): not a module name (letters, digits, _, - and . only)`;
  return undefined;
}
