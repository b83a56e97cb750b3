// refused 2:15 reading Array.prototype.slice gives undefined
const slice = Array.prototype.slice;
console.log(typeof slice);
