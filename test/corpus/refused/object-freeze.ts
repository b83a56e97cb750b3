// refused 2:16 Object.freeze is missing
const frozen = Object.freeze({ a: 1 });
console.log(frozen.a);
