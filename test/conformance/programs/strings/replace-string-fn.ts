// refused: replace
// replace() with a string pattern and a function: Espruino inserts the function's source text.
console.log('a-b'.replace('-', () => '+'));
