// differs: unstable-sort
// Sorting with ties: V8 keeps their order (a stable sort), Espruino may not.
const xs = [{ k: 1, n: 'a' }, { k: 0, n: 'b' }, { k: 1, n: 'c' }, { k: 0, n: 'd' }, { k: 1, n: 'e' }];
console.log(xs.sort((a, b) => a.k - b.k).map((x) => x.n).join(''));
