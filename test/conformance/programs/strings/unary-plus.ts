// refused: unary +
// Unary + on text: Espruino does not trim whitespace and reads a leading 0 as octal.
const inputs = [' 42 ', '\t7\n', '', '0x10', '3.5'];
console.log(inputs.map((s) => String(+s)).join(','));
