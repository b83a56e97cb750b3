// refused 2:20 Array.prototype.findLast is missing
console.log([1, 2].findLast((x) => x > 0));
