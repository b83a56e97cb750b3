// refused 2:17 String.prototype.localeCompare is missing
console.log('a'.localeCompare('b'));
