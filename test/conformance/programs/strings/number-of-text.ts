// Number() on text with surrounding whitespace, empty text, hex, leading zeros and junk.
const inputs = [' 42 ', '\t7\n', '', '  ', '0x10', '3.5', '12abc', '012'];
console.log(inputs.map((s) => String(Number(s))).join(','));
