// refused 3:16 Array.prototype.at is missing
const xs = [1, 2, 3];
console.log(xs.at(-1));
