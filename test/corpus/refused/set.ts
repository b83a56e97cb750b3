// refused 2:15 Set is not defined
const s = new Set([1, 2]);
console.log(s.size);
