// length, charAt, charCodeAt, indexOf, slice with negative indexes, substring, substr-free slicing.
const s = 'espkit toolchain';
console.log(s.length, s.charAt(3), s.charCodeAt(0), s[7]);
console.log(s.indexOf('t'), s.indexOf('t', 5), s.indexOf('zz'), s.lastIndexOf('o'));
console.log(s.slice(7), s.slice(-5), s.slice(2, -10), s.substring(4, 1));
