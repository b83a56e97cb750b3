// refused: optional quantifier
// x? is read as a literal ? by Espruino's regex engine.
console.log(/colou?r/.test('color'));
