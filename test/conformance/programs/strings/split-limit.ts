// refused: limit
// split's limit argument is ignored on Espruino.
console.log(JSON.stringify('a,b,c'.split(',', 2)));
