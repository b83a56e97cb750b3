// for..of, map, forEach, indexOf, fill and slice on typed arrays.
const u = new Uint8Array([3, 1, 2]);
let s = 0;
for (const v of u) s += v;
const doubled = u.map((v) => v * 100);
const seen: number[] = [];
u.forEach((v) => seen.push(v));
console.log(s, doubled.join(','), seen.join(''), u.indexOf(2), new Uint8Array(3).fill(9).join(''), u.slice(1).join(','));
