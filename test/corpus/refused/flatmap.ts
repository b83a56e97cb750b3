// refused 2:20 Array.prototype.flatMap is missing
console.log([1, 2].flatMap((x) => [x, x]).length);
