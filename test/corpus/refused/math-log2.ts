// refused 2:13 Math.log2 is missing
console.log(Math.log2(8));
