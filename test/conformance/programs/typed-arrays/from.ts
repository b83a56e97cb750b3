// refused: Uint8Array.from
// Uint8Array.from is missing on Espruino.
console.log(Uint8Array.from([1, 2]).length);
