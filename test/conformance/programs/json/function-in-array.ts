// differs: json-undefined
// JSON.stringify of an array holding a function: V8 writes null, Espruino undefined.
console.log(JSON.stringify([1, () => 1]));
console.log(String(JSON.stringify(undefined)));
