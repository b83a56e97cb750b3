// differs: json-function
// JSON.stringify of an array holding a function: V8 writes null, Espruino undefined.
console.log(JSON.stringify([1, () => 1]));
