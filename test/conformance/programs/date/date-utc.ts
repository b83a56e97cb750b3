// refused: Date.UTC
// Date.UTC is missing on Espruino.
console.log(Date.UTC(2024, 0, 1));
