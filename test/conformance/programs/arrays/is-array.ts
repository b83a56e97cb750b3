// Array.isArray and array-likes copied with [].slice.call.
console.log(Array.isArray([]), Array.isArray({ length: 0 }), Array.isArray('ab'));
function args(..._a: number[]): number[] { return [].slice.call(arguments); }
console.log(JSON.stringify(args(3, 4)));
