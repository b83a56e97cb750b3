// refused: lastIndexOf
// Array.prototype.lastIndexOf is missing on Espruino.
const n = [1, 2, 3, 2, 1];
console.log(n.lastIndexOf(2), n.lastIndexOf(9));
