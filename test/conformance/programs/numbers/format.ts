// Numbers that both engines print alike: integers, short decimals, negative zero, infinities, NaN.
console.log(0, -0, 1, -1, 42, 1000000, 0.5, 0.25, -1.75, 1e-7);
console.log(1 / 0, -1 / 0, 0 / 0, 2e9, 123456789);
