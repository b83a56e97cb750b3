// refused 2:13 BigInt is not defined
const big = 10n;
console.log(big);
