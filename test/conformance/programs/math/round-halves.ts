// Math.round of negative halves: V8 rounds -2.5 to -2 (towards +Infinity), Espruino to -3.
console.log(Math.round(-2.5), Math.round(-0.5), Math.round(-1.5), Math.round(2.5), Math.round(-2.51));
const temps = [-10.5, -3.5, 3.5];
console.log(temps.map(Math.round).join(','));
