// refused: trimStart
// trimStart is missing on Espruino.
console.log('  x'.trimStart());
