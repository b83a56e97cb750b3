// The library modules a firmware needs, with the modules they require in turn, in the order the board must
// add them: Espruino runs a module's code when Modules.addCached adds it (src/jswrap_modules.c), so a module
// that requires another at its top level finds it only if that one was added first. Modules that require
// each other in a cycle cannot be added in any order: the build refuses them and names the cycle.
import { EspkitError } from '../../../core/errors.ts';
import { locateModule, type ModulePlaces, type ModuleSource } from './locate.ts';
import { badLibraryName, isBuiltInModule, isPathRequire, requireCalls } from './requires.ts';

export interface LibraryModule extends ModuleSource {
  /** The library modules its code requires (built-in modules left out). */
  requires: string[];
  /** Who requires it: "firmware" or other modules' names. */
  requiredBy: string[];
}

/** Where a name was asked for: the firmware (with a file:line:column) or another module. */
export interface ModuleRequest {
  name: string;
  by: string;
  at?: string;
}

export type Locate = (name: string, places: ModulePlaces) => Promise<ModuleSource>;

export async function resolveLibrary(requests: readonly ModuleRequest[], places: ModulePlaces, locate: Locate = locateModule): Promise<LibraryModule[]> {
  const resolved = new Map<string, LibraryModule>();
  const order: LibraryModule[] = [];

  const visit = async (request: ModuleRequest, chain: readonly string[]): Promise<void> => {
    const { name, by } = request;
    const bad = badLibraryName(name);
    if (bad) throw new EspkitError(`${request.at ?? `module ${by}`}: ${bad}`);
    if (chain.includes(name)) {
      const cycle = [...chain.slice(chain.indexOf(name)), name].join(' -> ');
      throw new EspkitError(`modules require each other in a cycle: ${cycle}; Espruino runs a module as it is added, so none of them could load: move what they share into a module of its own`);
    }
    const known = resolved.get(name);
    if (known) {
      if (!known.requiredBy.includes(by)) known.requiredBy.push(by);
      return;
    }
    const source = await locate(name, places);
    const requires: string[] = [];
    for (const call of requireCalls(source.code, 'module.js')) {
      if (isBuiltInModule(call.name) || requires.includes(call.name)) continue;
      const at = `${source.where}:${call.line}:${call.column}`;
      if (isPathRequire(call.name)) throw new EspkitError(`${at}: require("${call.name}"): a library module requires other modules by name, not by path`);
      requires.push(call.name);
      await visit({ name: call.name, by: name, at }, [...chain, name]);
    }
    const module: LibraryModule = { ...source, requires, requiredBy: [by] };
    resolved.set(name, module);
    order.push(module);
  };

  for (const request of requests) await visit(request, []);
  return order;
}

/** The modules `names` need, themselves and what they require, kept in `all`'s order (dependencies first). */
export function neededModules(all: readonly LibraryModule[], names: Iterable<string>): LibraryModule[] {
  const byName = new Map(all.map((m) => [m.name, m]));
  const needed = new Set<string>();
  const add = (name: string): void => {
    const m = byName.get(name);
    if (!m || needed.has(name)) return;
    needed.add(name);
    for (const dep of m.requires) add(dep);
  };
  for (const name of names) add(name);
  return all.filter((m) => needed.has(m.name));
}
