// The facts probe: JavaScript programs generated from the facts tables (builtins.ts, regex.ts,
// differences.ts) that print one `key=value` line per fact. A test runs them on the real interpreter (and the
// regex and difference programs in Node too) and compares with what the tables say, so a fact that is wrong
// fails a test instead of a board. The programs use only what Espruino runs (var, function, eval, try).
import { INSTANCE_OF, LANGUAGE_GLOBALS, MISSING_GLOBALS, MISSING_METHODS, MISSING_STATICS, PRESENT_METHODS, PRESENT_STATICS } from './builtins.ts';
import { DIFFERENCES } from './differences.ts';
import { REGEX_CLAIMS } from './regex.ts';

/** What each probe key should print: `1` for present, `0` for missing, or the recorded result. */
export type Expectations = Map<string, string>;

const HEAD = 'var has = function (f) { try { return f() !== undefined ? 1 : 0; } catch (e) { return 0; } };\n';

/** Lines `global:X=1|0`, `static:Owner.x=1|0`, `method:Owner.x=1|0` for every global and member the tables name. */
export function builtinsProbe(): { program: string; expected: Expectations } {
  const expected: Expectations = new Map();
  for (const g of LANGUAGE_GLOBALS) expected.set(`global:${g}`, '1');
  for (const g of Object.keys(MISSING_GLOBALS)) expected.set(`global:${g}`, '0');
  const statics = new Map<string, Map<string, string>>();
  const methods = new Map<string, Map<string, string>>();
  const add = (into: Map<string, Map<string, string>>, owner: string, member: string, value: string): void => {
    if (!into.has(owner)) into.set(owner, new Map());
    into.get(owner)!.set(member, value);
  };
  for (const [owner, names] of Object.entries(PRESENT_STATICS)) for (const n of names) add(statics, owner, n, '1');
  for (const [owner, hints] of Object.entries(MISSING_STATICS)) for (const n of Object.keys(hints)) add(statics, owner, n, '0');
  for (const [owner, names] of Object.entries(PRESENT_METHODS)) for (const n of names) add(methods, owner, n, '1');
  for (const [owner, hints] of Object.entries(MISSING_METHODS)) {
    if (INSTANCE_OF[owner] === undefined) continue; // ReadonlyArray: a type, not a value
    for (const n of Object.keys(hints)) add(methods, owner, n, '0');
  }
  let program = HEAD;
  program += `${JSON.stringify([...expected.keys()].map((k) => k.slice('global:'.length)))}.forEach(function (n) { print("global:" + n + "=" + has(function () { return eval(n); })); });\n`;
  for (const [owner, members] of statics) {
    program += `(function (o) { ${JSON.stringify([...members.keys()])}.forEach(function (n) { print("static:${owner}." + n + "=" + has(function () { return o[n]; })); }); })(${owner});\n`;
    for (const [n, v] of members) expected.set(`static:${owner}.${n}`, v);
  }
  for (const [owner, members] of methods) {
    program += `(function (o) { ${JSON.stringify([...members.keys()])}.forEach(function (n) { print("method:${owner}." + n + "=" + has(function () { return o[n]; })); }); })(${INSTANCE_OF[owner]});\n`;
    for (const [n, v] of members) expected.set(`method:${owner}.${n}`, v);
  }
  return { program, expected };
}

/** Lines `regex:<id>=<JSON of exec, or throws>` for every regex claim. */
export function regexProbe(): { program: string; expected: Expectations } {
  const expected: Expectations = new Map();
  let program = 'var run = function (lit, input) { try { return JSON.stringify(eval(lit).exec(input)); } catch (e) { return "throws"; } };\n';
  for (const c of REGEX_CLAIMS) {
    program += `print(${JSON.stringify(`regex:${c.id}=`)} + run(${JSON.stringify(`/${c.source}/${c.flags}`)}, ${JSON.stringify(c.input)}));\n`;
    expected.set(`regex:${c.id}`, c.board);
  }
  return { program, expected };
}

/** Lines `diff:<id>=<JSON string of the value>` for every semantic difference (board and Node expectations). */
export function differencesProbe(): { program: string; board: Expectations; node: Expectations } {
  const board: Expectations = new Map();
  const node: Expectations = new Map();
  // values go out as JSON text, so one with a line break stays on its line
  let program = 'var show = function (f) { var v; try { v = String(f()); } catch (e) { v = "throws " + e; } return JSON.stringify(v); };\n';
  for (const d of DIFFERENCES) {
    if (d.expr !== undefined) program += `print(${JSON.stringify(`diff:${d.id}=`)} + show(function () { return ${d.expr}; }));\n`;
    else if (d.program !== undefined) program += `${d.program}\n`;
    board.set(`diff:${d.id}`, d.board);
    node.set(`diff:${d.id}`, d.node);
  }
  return { program, board, node };
}

/** The `key=value` lines of a probe's output (other lines, such as prompts, are ignored). */
export function parseProbeOutput(output: string): Map<string, string> {
  const seen = new Map<string, string>();
  for (const line of output.split('\n')) {
    const m = /^(global|static|method|regex|diff):([^=]+)=(.*)$/.exec(line.trim());
    if (m) seen.set(`${m[1]}:${m[2]}`, m[1] === 'diff' ? JSON.parse(m[3]!) as string : m[3]!);
  }
  return seen;
}
