// Numbers that print the same on Espruino and in Node (Espruino prints about 11 significant digits and
// writes 1e21 as 10e+20, so the firmware formats anything else itself, e.g. with toFixed).
console.log(1, -42, 0.5, 2.25, 1000000, 255 .toString(16), (3.14159).toFixed(2), parseInt('ff', 16), parseFloat('1.5'), isNaN(NaN));
console.log(Math.floor(7 / 2), 7 % 3, 1 << 10, 0xff >>> 4, -7 >> 1, Math.round(2.5), Math.abs(-3), Math.max(1, 9, 4));
