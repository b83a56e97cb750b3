// toFixed as firmware uses it: a temperature and a voltage with one and two decimals.
const readings = [21.25, 21.75, 19.96, 23.04, 0.05];
console.log(readings.map((t) => `${t.toFixed(1)}C`).join(' '));
const volts = [3.3 * 1023 / 4095, 3.3 * 2048 / 4095, 3.3];
console.log(volts.map((v) => v.toFixed(2)).join(' '));
