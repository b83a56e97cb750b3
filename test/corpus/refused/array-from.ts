// refused 2:11 Array.from is missing
const a = Array.from('abc');
console.log(a.length);
