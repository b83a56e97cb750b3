// refused 2:35 reviver of JSON.parse is ignored
console.log(JSON.parse('{"a":1}', (_k, v) => v));
