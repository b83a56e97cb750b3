// refused 3:13 unary + on text
const s: string = " 42 ";
console.log(+s);
