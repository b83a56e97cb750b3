// differs: key-order
// Integer-like keys: V8 lists them first in ascending order, Espruino keeps insertion order.
const o: Record<string, number> = {};
o.b = 1;
o['10'] = 2;
o['2'] = 3;
o.a = 4;
console.log(Object.keys(o).join(','));
