// refused 2:13 Number.EPSILON is missing
console.log(Number.EPSILON > 0);
