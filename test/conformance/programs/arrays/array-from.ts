// refused: Array.from
// Array.from is missing on Espruino.
console.log(Array.from('ab').length);
