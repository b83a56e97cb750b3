// refused: at
// Array.prototype.at is missing on Espruino.
console.log([1, 2].at(-1));
