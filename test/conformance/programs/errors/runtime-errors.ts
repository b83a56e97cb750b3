// Errors the runtime throws are caught; the program checks only that there was one.
function attempt(f: () => unknown): string {
  try { f(); return 'no error'; } catch (e) { return typeof e === 'object' && e !== null ? 'error' : 'odd'; }
}
const o: { f?: () => void; p?: { q: number } } = {};
console.log(attempt(() => o.f!()), attempt(() => o.p!.q), attempt(() => 1));
