// forEach with index and array arguments, and for..of / for..in over an array.
const out: string[] = [];
['a', 'b'].forEach((v, i, arr) => out.push(`${i}:${v}/${arr.length}`));
console.log(out.join(' '));
let total = 0;
for (const v of [1, 2, 3]) total += v;
const keys: string[] = [];
for (const k in ['x', 'y']) keys.push(k);
console.log(total, keys.join(','));
