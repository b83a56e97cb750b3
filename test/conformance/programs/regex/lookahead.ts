// refused: lookahead
// Lookahead is not supported by Espruino's regex engine.
console.log(/a(?=b)/.test('ab'));
