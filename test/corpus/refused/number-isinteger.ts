// refused 2:13 Number.isInteger is missing
console.log(Number.isInteger(5));
