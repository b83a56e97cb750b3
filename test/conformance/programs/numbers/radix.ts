// toString with a radix and parseInt back; hex, binary and octal literals.
const n = 0xbeef;
console.log(n, n.toString(16), n.toString(2).length, parseInt(n.toString(36), 36) === n);
console.log(0b1010, 0o17, 0xff, (12).toString(3));
