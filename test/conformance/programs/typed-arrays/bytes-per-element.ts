// refused: BYTES_PER_ELEMENT
// BYTES_PER_ELEMENT is missing on Espruino.
console.log(new Uint16Array(1).BYTES_PER_ELEMENT);
