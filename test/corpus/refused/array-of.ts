// refused 2:11 Array.of is missing
const a = Array.of(1, 2);
console.log(a.length);
