// refused 2:13 BigInt is not defined
console.log(BigInt(5));
