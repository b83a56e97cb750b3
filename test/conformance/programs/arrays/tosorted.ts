// refused: toSorted
// toSorted (ES2023) is missing on Espruino.
const a = [3, 1, 2] as number[] & { toSorted(): number[] };
console.log(a.toSorted().join(','));
