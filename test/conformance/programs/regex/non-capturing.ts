// refused: non-capturing
// (?:...) is not supported by Espruino's regex engine.
console.log(/(?:ab)+c/.test('ababc'));
