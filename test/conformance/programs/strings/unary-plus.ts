// Number() and unary + on strings with surrounding whitespace, empty strings and hex.
const inputs = [' 42 ', '\t7\n', '', '  ', '0x10', '3.5', '12abc'];
console.log(inputs.map((s) => String(+s)).join(','));
console.log(inputs.map((s) => String(Number(s))).join(','));
