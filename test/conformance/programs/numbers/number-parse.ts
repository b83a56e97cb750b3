// Number() on strings that both engines read alike, and on other types.
console.log(Number('42'), Number('-3.5'), Number(''), Number('abc'), Number('1e3'));
console.log(Number(true), Number(false), Number(null), Number(undefined), Number([7]));
