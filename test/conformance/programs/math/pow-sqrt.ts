// Math.pow and the ** operator, Math.sqrt, on values with exact results.
console.log(Math.pow(2, 10), 2 ** 8, 3 ** 3, Math.pow(10, -2), Math.pow(4, 0.5), Math.sqrt(144), Math.sqrt(0.25));
let x = 3;
x **= 2;
console.log(x, Math.sqrt(-1));
