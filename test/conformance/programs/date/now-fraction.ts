// differs: date-fraction
// Date.now() is whole milliseconds in V8; on Espruino it has a fractional part.
const t = Date.now();
console.log(t === Math.floor(t));
