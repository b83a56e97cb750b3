// refused: reviver
// JSON.parse's reviver is ignored on Espruino.
console.log(JSON.parse('{"a":1}', (_k, v) => v));
