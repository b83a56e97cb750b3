// refused 2:13 Number.isNaN is missing
console.log(Number.isNaN(5));
