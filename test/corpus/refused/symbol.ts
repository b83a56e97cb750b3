// refused 2:13 Symbol is not defined
const key = Symbol('id');
console.log(typeof key);
