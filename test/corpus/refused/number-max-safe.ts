// refused 2:13 Number.MAX_SAFE_INTEGER is missing
console.log(Number.MAX_SAFE_INTEGER);
