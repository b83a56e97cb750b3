// refused 2:16 Object.seal is missing
const sealed = Object.seal({ a: 1 });
console.log(sealed.a);
