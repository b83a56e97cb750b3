// refused: TextEncoder
// TextEncoder is missing on Espruino.
console.log(new TextEncoder().encode('a').length);
