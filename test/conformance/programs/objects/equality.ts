// Reference equality of objects and arrays, and == versus === across types.
const a = { v: 1 };
const b = { v: 1 };
const c = a;
console.log(a === b, a === c, [1] === [1]);
const loose = (x: unknown, y: unknown): boolean => x == y;
console.log(loose(0, ''), loose(null, undefined), loose('1', 1), loose(0, null), null === undefined);
