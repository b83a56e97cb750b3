// refused 2:13 Math.imul is missing
console.log(Math.imul(3, 4));
