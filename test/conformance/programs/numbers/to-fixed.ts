// toFixed: rounding at each number of digits, carries into the integer part, negatives and halves.
const xs = [0.5, 1.5, 2.5, -2.5, 0.96, 1.999, 9.995, 21.456, -0.04, 3];
for (const d of [0, 1, 2]) console.log(d, xs.map((x) => x.toFixed(d)).join(' '));
