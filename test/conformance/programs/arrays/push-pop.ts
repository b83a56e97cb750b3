// push, pop, shift, unshift as a queue and a stack, with their return values.
const q: number[] = [];
console.log(q.push(1, 2), q.push(3), q.unshift(0));
console.log(q.shift(), q.pop(), JSON.stringify(q), q.length);
console.log([].pop(), [].shift());
