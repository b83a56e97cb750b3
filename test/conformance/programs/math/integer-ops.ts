// Integer arithmetic: %, integer division with floor and |0, and the remainder of negatives.
console.log(17 % 5, -17 % 5, 17 % -5, 5.5 % 2);
console.log(Math.floor(17 / 5), (17 / 5) | 0, (-17 / 5) | 0, Math.floor(-17 / 5));
console.log(~~9.7, ~~-9.7, 2147483647 + 1 | 0);
