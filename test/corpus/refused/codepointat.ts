// refused 2:17 String.prototype.codePointAt is missing
console.log('a'.codePointAt(0));
