// Object.keys, values and entries on string keys, and building an object back with fromEntries.
const o = { b: 2, a: 1, c: 3 };
console.log(Object.keys(o).join(','), Object.values(o).join(','));
console.log(Object.entries(o).map(([k, v]) => `${k}${v}`).join(' '));
console.log(JSON.stringify(Object.fromEntries(Object.entries(o).map(([k, v]) => [k, v * 2]))));
