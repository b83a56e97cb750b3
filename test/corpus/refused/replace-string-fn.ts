// refused 2:27 inserts the function's source text
console.log('a-b'.replace('-', () => '+'));
