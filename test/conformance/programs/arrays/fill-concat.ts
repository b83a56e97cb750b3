// fill, concat, reverse, join and new Array(n).
const a = new Array<number>(4).fill(7);
console.log(JSON.stringify(a), a.length);
console.log(JSON.stringify([1, 2].concat([3], [4, 5], 6)));
const r = [1, 2, 3];
r.reverse();
console.log(JSON.stringify(r), [0, 0, 0, 0].fill(1, 1, 3).join(''));
