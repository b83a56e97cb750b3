// refused: unescaped /
// An unescaped / inside [...] ends the regex literal on Espruino.
console.log(/[^:/]+/.exec('host:1')?.[0]);
