// refused: reduceRight
// Array.prototype.reduceRight is missing on Espruino.
console.log([1, 2, 3].reduceRight((acc, x) => acc + x, ''));
