// refused: length
// Assigning an array's length is a TypeError ("Assignment to a constant") on Espruino.
const a = [1, 2, 3, 4];
a.length = 2;
console.log(JSON.stringify(a), a.length);
