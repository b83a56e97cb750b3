// Object.assign merges into its target and returns it; later sources win.
const target = { a: 1 };
const r = Object.assign(target, { b: 2 }, { a: 3, c: 4 });
console.log(r === target, JSON.stringify(target));
const clone = Object.assign({}, target);
clone.a = 99;
console.log(target.a, clone.a);
