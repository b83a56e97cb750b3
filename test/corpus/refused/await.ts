// refused 3:11 await is not supported
export {};
const v = await Promise.resolve(1);
console.log(v);
