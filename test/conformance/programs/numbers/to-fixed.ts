// toFixed: rounding at each number of digits, carries into the integer part, negatives and halves.
// The values are built from integers: how Espruino reads decimal literals is numbers/literals.ts's subject.
const xs = [5 / 10, 15 / 10, 25 / 10, -25 / 10, 96 / 100, 1999 / 1000, 9995 / 1000, 21456 / 1000, -4 / 100, 3];
for (const d of [0, 1, 2]) console.log(d, xs.map((x) => x.toFixed(d)).join(' '));
