// refused: flat
// Array.prototype.flat is missing on Espruino.
console.log(JSON.stringify([[1], [2]].flat()));
