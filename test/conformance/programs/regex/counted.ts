// refused: counted repetition
// {n} is read as literal text by Espruino's regex engine.
console.log(/^\d{3}$/.test('123'));
