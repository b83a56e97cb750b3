// refused: at
// String.prototype.at is missing on Espruino.
console.log('abc'.at(-1));
