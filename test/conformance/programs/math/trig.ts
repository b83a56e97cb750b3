// Trigonometry, formatted to a fixed number of decimals so both engines print alike.
const f = (v: number): string => v.toFixed(6);
console.log(f(Math.sin(Math.PI / 6)), f(Math.cos(Math.PI / 3)), f(Math.tan(Math.PI / 4)));
console.log(f(Math.atan2(1, 1) * 4), f(Math.asin(1)), f(Math.acos(0)), f(Math.atan(1)));
