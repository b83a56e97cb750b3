// Generic helpers over records: mapValues, groupBy into a plain object, and keyof.
function mapValues<T, U>(o: Record<string, T>, f: (v: T) => U): Record<string, U> {
  const out: Record<string, U> = {};
  for (const k of Object.keys(o)) out[k] = f(o[k]!);
  return out;
}
function groupBy<T>(xs: T[], key: (x: T) => string): Record<string, T[]> {
  const out: Record<string, T[]> = {};
  for (const x of xs) (out[key(x)] ??= []).push(x);
  return out;
}
console.log(JSON.stringify(mapValues({ a: 1, b: 2 }, (v) => v * 3)));
console.log(JSON.stringify(groupBy(['apple', 'avocado', 'beet'], (s) => s[0]!)));
function pick<T, K extends keyof T>(o: T, k: K): T[K] { return o[k]; }
console.log(pick({ x: 5, y: 'z' }, 'y'));
