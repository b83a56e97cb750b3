// refused 2:24 Array.prototype.flat is missing
console.log([[1], [2]].flat().length);
