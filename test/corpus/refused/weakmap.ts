// refused 2:15 WeakMap is not defined
const w = new WeakMap<object, number>();
console.log(w);
