// refused: Number.EPSILON
// Number.EPSILON is missing on Espruino.
console.log(Number.EPSILON > 0);
