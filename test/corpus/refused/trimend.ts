// refused 2:18 String.prototype.trimEnd is missing
console.log('x '.trimEnd());
