// An error thrown inside an array callback stops the iteration and reaches the caller.
const seen: number[] = [];
try {
  [1, 2, 3, 4].forEach((v) => { if (v === 3) throw new Error(`stop at ${v}`); seen.push(v); });
} catch (e) {
  console.log((e as Error).message, seen.join(','));
}
