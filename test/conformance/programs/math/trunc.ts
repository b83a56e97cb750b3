// refused: Math.trunc
// Math.trunc is missing on Espruino.
console.log(Math.trunc(-4.7));
