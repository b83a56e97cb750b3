// Math.exp, log and the constants, formatted to fixed decimals.
const f = (v: number): string => v.toFixed(5);
console.log(f(Math.exp(1)), f(Math.log(Math.E)), f(Math.log(100) / Math.LN10), f(Math.LN2), f(Math.SQRT2));
console.log(f(Math.PI), f(Math.E), Math.log(1), Math.exp(0));
