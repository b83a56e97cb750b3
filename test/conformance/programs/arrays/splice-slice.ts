// splice (remove, insert, replace) and slice (copies, negative indexes).
const a = ['a', 'b', 'c', 'd', 'e'];
const removed = a.splice(1, 2);
console.log(JSON.stringify(removed), JSON.stringify(a));
a.splice(1, 0, 'x', 'y');
console.log(JSON.stringify(a));
a.splice(-1, 1, 'z');
console.log(JSON.stringify(a), JSON.stringify(a.slice(1, 3)), JSON.stringify(a.slice(-2)));
