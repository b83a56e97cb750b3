// refused 4:16 Array.prototype.findLast is missing
const xs = [1, 2];
// @ts-expect-error findLast is ES2023, newer than the firmware's lib
console.log(xs.findLast((x: number) => x > 0));
