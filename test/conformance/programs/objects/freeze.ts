// refused: Object.freeze
// Object.freeze is missing on Espruino.
const o = Object.freeze({ a: 1 });
console.log(o.a);
