// refused: replacer
// JSON.stringify's replacer is ignored on Espruino.
console.log(JSON.stringify({ a: 1, b: 2 }, ['a']));
