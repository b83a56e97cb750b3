// The API model of one build (its included JSON headers) as TypeScript declarations. Each declaration has
// the shape the header's "typescript" field gives, when it has one, and a plain one mapped from the
// header's parameter and return types to fall back to when that shape does not compile here (check.ts).
import type { JsonHeader } from './headers.ts';
import type { LibFacts } from './lib.ts';
import { memberName, pinParamsTakeNumbers, safeName, tsParams, tsType, widenToCTypes } from './types.ts';
import type { BoardFacts } from './board.ts';

/** One declaration: its preferred text and the plain text used if the preferred one fails to compile. */
export interface Decl {
  text: string;
  fallback: string;
  /** Where it came from, for messages. */
  at: string;
}

/** `interface Name { members }`, or a top-level declaration when `members` is undefined. */
export interface Item {
  head: Decl;
  members?: Decl[];
}

interface ClassInfo {
  name: string;
  header?: JsonHeader;
  library: boolean;
  statics: JsonHeader[];
  instance: JsonHeader[];
  constructors: JsonHeader[];
  events: JsonHeader[];
}

const IGNORED_TYPES = new Set(['include', 'EV_CUSTOM', 'idle', 'kill', 'init', 'powerusage', 'hwinit', 'type', 'EV_SERIAL', 'EV_HTTP']);

/** `handWritten` lists, by interface, the members a hand-written file declares: those are not generated. */
export function modelItems(headers: readonly JsonHeader[], lib: LibFacts, board: BoardFacts, handWritten: ReadonlyMap<string, ReadonlySet<string>>): { items: Item[]; libraries: string[] } {
  const own = (iface: string) => (h: JsonHeader): boolean => !handWritten.get(iface)?.has(h.type === 'event' ? 'on' : h.name!);
  const classes = new Map<string, ClassInfo>();
  const classOf = (name: string): ClassInfo => {
    let c = classes.get(name);
    if (!c) {
      c = { name, library: false, statics: [], instance: [], constructors: [], events: [] };
      classes.set(name, c);
    }
    return c;
  };
  const globals: JsonHeader[] = [];
  // classes that global objects (Serial1, I2C1...) are instances of
  const instancesOf = new Set<string>();
  for (const h of headers) {
    if (IGNORED_TYPES.has(h.type)) continue;
    switch (h.type) {
      case 'class': classOf(h.class!).header = h; break;
      case 'library': classOf(h.class!).library = true; classOf(h.class!).header = h; break;
      case 'staticmethod': case 'staticproperty': classOf(h.class!).statics.push(h); break;
      case 'method': case 'property': classOf(h.class!).instance.push(h); break;
      case 'constructor': classOf(h.class!).constructors.push(h); break;
      case 'event': classOf(h.class!).events.push(h); break;
      case 'object': instancesOf.add(h.instanceof as string); globals.push(h); break;
      case 'function': case 'variable': globals.push(h); break;
      default: throw new Error(`${h.at}: unknown JSON header type "${h.type}"`);
    }
  }

  const instantiable = (c: ClassInfo): boolean => c.instance.length > 0 || c.constructors.length > 0 || instancesOf.has(c.name);
  // an object type a header returns: a class with an instance side, a lib type, or (a class object) its typeof
  const objectType = (name: string, h: JsonHeader): string | undefined => {
    const c = classes.get(name);
    if (c && !c.library && !lib.globals.has(name)) return instantiable(c) && h.type !== 'staticproperty' ? name : `typeof ${name}`;
    return lib.globals.has(name) ? tsType('JsVar', name) : undefined;
  };
  const ret = (h: JsonHeader, none = 'any'): string => {
    if (!h.return) return none;
    const obj = typeof h.return_object === 'string' ? objectType(h.return_object, h) : undefined;
    return obj !== undefined && h.return[0] === 'JsVar' ? obj : tsType(h.return[0]);
  };
  const member = (h: JsonHeader): Decl => {
    const name = memberName(h.name!);
    if (h.type === 'property' || h.type === 'staticproperty') return withTypescript(h, `${name}: ${ret(h)};`, '');
    return withTypescript(h, `${name}(${tsParams(h.params)}): ${ret(h, 'void')};`, '');
  };

  const items: Item[] = [];
  const libraries: string[] = [];
  for (const c of classes.values()) {
    const isInstantiable = instantiable(c);
    const staticName = c.library ? `${c.name[0]!.toUpperCase()}${c.name.slice(1)}Module` : c.constructors.length > 0 ? `${c.name}Constructor` : `${upper(c.name)}Static`;
    if (lib.globals.has(c.name) && !c.library) {
      items.push(...libAugmentation(c, lib, member));
      continue;
    }
    const instanceEvents = isInstantiable ? c.events : [];
    const staticEvents = isInstantiable ? [] : c.events;
    if (isInstantiable) {
      const generic = typeof c.header?.typescript === 'string' ? c.header.typescript : c.name;
      const proto = typeof c.header?.prototype === 'string' ? c.header.prototype : undefined;
      // a typed-array class the lib lacks (Uint24Array) is given the shape of the widest view the lib types
      const base = proto === 'ArrayBufferView' ? ' extends Uint32Array' : proto && !lib.globals.has(proto) ? ` extends ${proto}` : '';
      items.push({
        head: { text: `interface ${generic}${base}`, fallback: `interface ${c.name}${base}`, at: c.header?.at ?? c.name },
        members: [...c.instance.filter(own(c.name)).map(member), ...instanceEvents.filter(own(c.name)).map(event)],
      });
    }
    const statics = [...c.statics.filter(own(staticName)).map(member), ...c.constructors.map((h) => constructor(h, c.name)), ...staticEvents.filter(own(staticName)).map(event)];
    if (c.library) {
      items.push({ head: plain(`interface ${staticName}`, c.header?.at ?? c.name), members: statics });
      libraries.push(c.name);
      continue;
    }
    // every class is a global on Espruino, also those only its libraries create (http's request objects)
    if (statics.length > 0 || !isInstantiable) {
      items.push({ head: plain(`interface ${staticName}`, c.header?.at ?? c.name), members: statics });
      items.push({ head: plain(`declare const ${c.name}: ${staticName};`, c.header?.at ?? c.name) });
    } else {
      items.push({ head: plain(`declare const ${c.name}: Function & { readonly prototype: ${c.name} };`, c.header?.at ?? c.name) });
    }
  }

  for (const h of globals) {
    const name = h.name!;
    // arguments and globalThis are the language's own; require is declared per library below
    if (lib.globals.has(name) || name === 'arguments' || name === 'globalThis' || name === 'require') continue;
    if (h.type === 'object') items.push({ head: plain(`declare const ${name}: ${String(h.instanceof)};`, h.at) });
    // a variable's return type is what the interpreter gives (HIGH is the number 1): no "typescript" shape
    else if (h.type === 'variable') items.push({ head: plain(`declare const ${name}: ${ret(h)};`, h.at) });
    else items.push({ head: withTypescript(h, `declare function ${safeName(name)}(${tsParams(h.params)}): ${ret(h, 'void')};`, 'declare function ') });
  }
  const devices = Object.keys(board.devices);
  for (const d of devices) items.push({ head: plain(`declare const ${d}: Pin;`, `boards/${board.name}.py`) });
  if (board.devices.LED1) items.push({ head: plain('declare const LED: Pin;', `boards/${board.name}.py`) });
  if (board.devices.BTN1) items.push({ head: plain('declare const BTN: Pin;', `boards/${board.name}.py`) });
  for (const p of board.pins) items.push({ head: plain(`declare const ${p}: Pin;`, `boards/${board.name}.py`) });
  for (const l of libraries) items.push({ head: plain(`declare function require(name: ${JSON.stringify(l)}): ${l[0]!.toUpperCase()}${l.slice(1)}Module;`, 'require') });
  return { items, libraries };
}

function upper(name: string): string {
  return `${name[0]!.toUpperCase()}${name.slice(1)}`;
}

function plain(text: string, at: string): Decl {
  return { text, fallback: text, at };
}

/** The header's "typescript" shape (one or more overloads), normalised to a declaration of `kind`. */
function withTypescript(h: JsonHeader, fallback: string, prefix: '' | 'declare function ' | 'declare const '): Decl {
  const shapes = typeof h.typescript === 'string' ? [h.typescript] : Array.isArray(h.typescript) ? h.typescript : [];
  if (shapes.length === 0 || shapes.some((s) => s.trim().startsWith('//'))) return { text: fallback, fallback, at: h.at };
  const lines = shapes.map((s) => {
    let t = s.trim().replace(/^declare\s+(function|const)\s+/, '').replace(/^function\s+/, '');
    t = pinParamsTakeNumbers(widenToCTypes(t, h.params));
    if (!t.endsWith(';')) t += ';';
    return prefix === 'declare const ' ? `declare const ${t}` : `${prefix}${t}`;
  });
  return { text: lines.join('\n'), fallback, at: h.at };
}

function constructor(h: JsonHeader, className: string): Decl {
  return withTypescript(h, `new (${tsParams(h.params)}): ${className};`, '');
}

function event(h: JsonHeader): Decl {
  return withTypescript(h, `on(event: ${JSON.stringify(h.name)}, callback: (${tsParams(h.params)}) => void): void;`, '');
}

/** Espruino's members of a standard class that the lib does not have, added to the lib's interfaces. */
function libAugmentation(c: ClassInfo, lib: LibFacts, member: (h: JsonHeader) => Decl): Item[] {
  const out: Item[] = [];
  const add = (iface: string | undefined, hs: JsonHeader[]): void => {
    if (!iface) return;
    const known = lib.members.get(iface) ?? new Set<string>();
    // a property on Object's interface would be on every object type, hiding typos: methods only there
    const extra = hs.filter((h) => !known.has(h.name!) && !(iface === 'Object' && h.type === 'property'));
    if (extra.length > 0) out.push({ head: plain(`interface ${iface}${lib.typeParams.get(iface) ?? ''}`, c.header?.at ?? c.name), members: extra.map(member) });
  };
  add(lib.valueTypes.get(c.name), c.statics);
  if (lib.members.has(c.name)) add(c.name, c.instance);
  return out;
}
