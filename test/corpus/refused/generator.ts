// refused 2:9 generator functions
function* count(): Generator<number> { yield 1; }
console.log(count().next().value);
