// refused 2:18 String.prototype.trimStart is missing
console.log(' x'.trimStart());
