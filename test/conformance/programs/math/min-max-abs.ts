// Math.min, max (no arguments, NaN among them) and abs.
console.log(Math.max(1, 5, 3), Math.min(1, 5, 3), Math.max(), Math.min());
console.log(Math.max(1, NaN), Math.abs(-7), Math.abs(7), Math.abs(-0.5));
