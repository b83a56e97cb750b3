// Math.floor, ceil and round on positive and negative values, including halves.
const xs = [2.4, 2.5, 2.6, -2.4, -2.5, -2.6, 0.5, -0.5, 7];
console.log(xs.map((x) => Math.floor(x)).join(' '));
console.log(xs.map((x) => Math.ceil(x)).join(' '));
console.log(xs.map((x) => Math.round(x)).join(' '));
