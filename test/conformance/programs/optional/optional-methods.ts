// Optional properties and methods in interfaces, checked with `in` and typeof before use.
interface Plugin { id: string; init?(): string; priority?: number }
const plugins: Plugin[] = [{ id: 'x', init: () => 'x ready', priority: 2 }, { id: 'y' }];
for (const p of plugins) {
  const started = p.init?.() ?? `${p.id} has no init`;
  console.log(started, 'priority' in p, typeof p.init, p.priority ?? 0);
}
