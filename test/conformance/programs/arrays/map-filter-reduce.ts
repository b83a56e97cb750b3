// map, filter and reduce with index arguments and initial values.
const xs = [5, 3, 8, 1];
console.log(JSON.stringify(xs.map((x, i) => x * i)));
console.log(JSON.stringify(xs.filter((x) => x > 2)));
console.log(xs.reduce((a, b) => a + b), xs.reduce((a, b) => a + b, 100));
console.log([].reduce((a: number, b: number) => a + b, 0), xs.reduce((acc, x) => acc + x, ''));
