// refused: Number.isInteger
// Number.isInteger is missing on Espruino.
console.log(Number.isInteger(3));
