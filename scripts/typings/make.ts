// Just enough of GNU make to follow Espruino's Makefile for one board: variables (=, :=, ?=, +=, undefine),
// conditionals (ifdef, ifndef, ifeq, ifneq, else-chains) and includes. Rules, recipes and functions
// ($(shell), $(error)...) play no part in which sources and defines a build has, so they expand to nothing.
import type { SourceTree } from './source.ts';

export interface MakeResult {
  /** The value of a variable after the whole Makefile, expanded. */
  get(name: string): string;
}

interface Frame {
  /** This branch's lines run. */
  active: boolean;
  /** Some branch of this conditional already ran. */
  taken: boolean;
  /** The enclosing conditional runs at all. */
  parentActive: boolean;
}

/**
 * `commandLine` holds variables given as `make NAME=value`: as in make, the Makefile's own assignments to them
 * are ignored.
 */
export function runMakefile(tree: SourceTree, entry: string, commandLine: Record<string, string>, resolveInclude: (path: string) => string | undefined): MakeResult {
  const vars = new Map<string, { value: string; recursive: boolean }>();
  for (const [name, value] of Object.entries(commandLine)) vars.set(name, { value, recursive: false });
  const get = (name: string): string => {
    const v = vars.get(name);
    if (!v) return '';
    return v.recursive ? expand(v.value) : v.value;
  };

  function expand(text: string): string {
    let out = '';
    for (let i = 0; i < text.length; i++) {
      const c = text[i]!;
      if (c !== '$') { out += c; continue; }
      const open = text[i + 1];
      if (open === '$') { out += '$'; i++; continue; }
      if (open !== '(' && open !== '{') { out += get(open ?? ''); i++; continue; }
      const close = open === '(' ? ')' : '}';
      let depth = 0;
      let j = i + 1;
      for (; j < text.length; j++) {
        if (text[j] === open) depth++;
        else if (text[j] === close && --depth === 0) break;
      }
      const inner = text.slice(i + 2, j);
      i = j;
      // a space means a function call ($(shell ...), $(patsubst ...)): none of them decides sources or defines
      out += /\s|,/.test(inner) ? '' : get(expand(inner));
    }
    return out;
  }

  function condition(kind: string, rest: string): boolean {
    if (kind === 'ifdef' || kind === 'ifndef') {
      const defined = get(expand(rest.trim())).trim() !== '';
      return kind === 'ifdef' ? defined : !defined;
    }
    const [a, b] = compareArgs(rest.trim());
    const equal = expand(a).trim() === expand(b).trim();
    return kind === 'ifeq' ? equal : !equal;
  }

  function run(path: string, text: string): void {
    const lines = logicalLines(text);
    const stack: Frame[] = [];
    const active = (): boolean => stack.length === 0 || stack[stack.length - 1]!.active;
    for (const raw of lines) {
      if (raw.startsWith('\t')) continue; // recipe lines
      const line = stripComment(raw).trim();
      if (line === '') continue;
      const cond = /^(ifdef|ifndef|ifeq|ifneq)\b\s*(.*)$/.exec(line);
      if (cond) {
        const parent = active();
        const ok = parent && condition(cond[1]!, cond[2]!);
        stack.push({ active: ok, taken: ok, parentActive: parent });
        continue;
      }
      const elseLine = /^else\b\s*(.*)$/.exec(line);
      if (elseLine) {
        const frame = stack[stack.length - 1];
        if (!frame) throw new Error(`${path}: else without if`);
        const chained = /^(ifdef|ifndef|ifeq|ifneq)\b\s*(.*)$/.exec(elseLine[1]!);
        const ok = frame.parentActive && !frame.taken && (chained ? condition(chained[1]!, chained[2]!) : true);
        frame.active = ok;
        frame.taken ||= ok;
        continue;
      }
      if (/^endif\b/.test(line)) {
        if (!stack.pop()) throw new Error(`${path}: endif without if`);
        continue;
      }
      if (!active()) continue;
      const inc = /^-?include\s+(.*)$/.exec(line);
      if (inc) {
        for (const name of expand(inc[1]!).split(/\s+/).filter(Boolean)) {
          const included = resolveInclude(name) ?? tree.read(name);
          if (included !== undefined) run(name, included);
        }
        continue;
      }
      const undef = /^undefine\s+(\S+)$/.exec(line);
      if (undef) { vars.delete(expand(undef[1]!)); continue; }
      const assign = /^(override\s+)?(?:export\s+)?([A-Za-z0-9_.-]+)\s*(\?=|::=|:=|\+=|=)\s*(.*)$/.exec(line);
      if (!assign) continue; // rules and function calls on their own line
      const [, override, name, op, value] = assign as unknown as [string | undefined, string | undefined, string, string, string];
      if (name in commandLine && !override) continue;
      const old = vars.get(name);
      if (op === '?=') { if (!old) vars.set(name, { value, recursive: true }); }
      else if (op === ':=' || op === '::=') vars.set(name, { value: expand(value), recursive: false });
      else if (op === '=') vars.set(name, { value, recursive: true });
      else if (!old) vars.set(name, { value, recursive: true });
      else vars.set(name, { value: `${old.value} ${old.recursive ? value : expand(value)}`, recursive: old.recursive });
    }
    if (stack.length > 0) throw new Error(`${path}: ${stack.length} conditional(s) left open`);
  }

  const text = tree.read(entry);
  if (text === undefined) throw new Error(`${entry} is not in the tree`);
  run(entry, text);
  return { get: (name) => expand(get(name)) };
}

/** Join backslash-continued lines. */
function logicalLines(text: string): string[] {
  const out: string[] = [];
  let pending = '';
  for (const line of text.split('\n')) {
    if (line.endsWith('\\')) { pending += line.slice(0, -1) + ' '; continue; }
    out.push(pending + line);
    pending = '';
  }
  if (pending) out.push(pending);
  return out;
}

function stripComment(line: string): string {
  const i = line.indexOf('#');
  return i < 0 ? line : line.slice(0, i);
}

/** The two operands of ifeq/ifneq: `(a,b)` or `"a" "b"`. */
function compareArgs(rest: string): [string, string] {
  if (rest.startsWith('(')) {
    let depth = 0;
    for (let i = 0; i < rest.length; i++) {
      if (rest[i] === '(') depth++;
      else if (rest[i] === ')') depth--;
      else if (rest[i] === ',' && depth === 1) return [rest.slice(1, i), rest.slice(i + 1, rest.lastIndexOf(')'))];
    }
  }
  const quoted = [...rest.matchAll(/"([^"]*)"|'([^']*)'/g)].map((m) => m[1] ?? m[2] ?? '');
  return [quoted[0] ?? '', quoted[1] ?? ''];
}
