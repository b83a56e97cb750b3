// ?? keeps 0, '' and false but replaces null and undefined; ??=, ||= and &&= assign accordingly.
const vals: Array<number | string | boolean | null | undefined> = [0, '', false, null, undefined, 5];
console.log(vals.map((v) => String(v ?? 'dflt')).join(','));
console.log(vals.map((v) => String(v || 'dflt')).join(','));
const o: { a?: number; b: number; c: string } = { b: 0, c: 'x' };
o.a ??= 1;
o.b ||= 2;
o.c &&= o.c + 'y';
console.log(o.a, o.b, o.c);
let count: number | undefined;
count ??= 10;
count ??= 20;
console.log(count);
