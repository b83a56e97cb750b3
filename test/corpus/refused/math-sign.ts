// refused 2:13 Math.sign is missing
console.log(Math.sign(-3));
