// Reference equality of objects and arrays, and == versus === across types.
const a = { v: 1 };
const b = { v: 1 };
const c = a;
const one = [1];
const same = (x: object, y: object): boolean => x === y;
console.log(a === b, a === c, same(one, [1]), same(one, one));
const loose = (x: unknown, y: unknown): boolean => x == y;
console.log(loose(0, ''), loose(null, undefined), loose('1', 1), loose(0, null), null === undefined);
