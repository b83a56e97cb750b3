// refused 2:13 Math.trunc is missing
console.log(Math.trunc(1.5));
