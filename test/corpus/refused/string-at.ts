// refused 2:19 String.prototype.at is missing
console.log('abc'.at(-1));
