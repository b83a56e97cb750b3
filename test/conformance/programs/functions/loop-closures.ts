// Each iteration of a `for (let ...)` loop gets its own binding, seen by closures created in it.
const fns: Array<() => number> = [];
for (let i = 0; i < 4; i++) fns.push(() => i * i);
console.log(fns.map((f) => f()).join(','));
const later: string[] = [];
for (const name of ['a', 'b', 'c']) later.push(name);
const getters: Array<() => string> = [];
for (let j = 0; j < later.length; j++) {
  const tag = later[j]!.toUpperCase();
  getters.push(() => tag + j);
}
console.log(getters.map((g) => g()).join(' '));
